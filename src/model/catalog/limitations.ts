/**
 * Limitation ids that frontends put on `Resource.limitations` when the input language itself cannot
 * express what a rule requires. Rules read these ids; the frontend supplies the message, which rules
 * repeat verbatim, so the explanation names the input's own resource type and attribute.
 */

export const Limitations = {
  /**
   * The resource type cannot express client certificates at all, so it can never comply. Examples:
   * `azurerm_app_service_slot` and `azurerm_function_app_slot` (no client-certificate arguments), and
   * `azurerm_container_registry_token` (no certificate credentials; its passwords come from
   * `azurerm_container_registry_token_password`, which the frontend lowers into `properties.credentials.passwords`).
   */
  NoClientCertSupport: 'no-client-cert-support',
} as const;

export type LimitationId = (typeof Limitations)[keyof typeof Limitations];

export const limitationIds: readonly LimitationId[] = Object.values(Limitations);
