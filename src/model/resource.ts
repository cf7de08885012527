/**
 * A deployed (or to-be-deployed) resource instance in ARM's shape, whichever syntax described it.
 * Terraform resources are lowered into the ARM shape with the provider's defaults marked `origin: 'default'`.
 */
import type { SourceRef } from '../core/source.js';
import type { ObjectNode, Related } from './value.js';

export type SourceKind = 'arm' | 'bicep' | 'terraform' | 'terraform-plan' | 'azure';

export interface Resource {
  source: SourceKind;
  /** Canonical ARM type (`Microsoft.Web/sites/slots`), canonical casing where the catalogue knows it. */
  type: string;
  /** The type as the input names it when it is not ARM's (`azurerm_linux_function_app`). */
  sourceType?: string;
  apiVersion?: string;
  /** Evaluated full name (`site/slot`), or the expression text when `nameResolved` is false. */
  name: string;
  nameResolved: boolean;
  /** Symbolic name, Terraform address (`azurerm_linux_web_app.many[0]`), template path, or ARM id. */
  address: string;
  /** The whole resource body in ARM shape: `kind`, `sku`, `tags`, `properties`, … */
  body: ObjectNode;
  /** The file the resource is declared in (relative path, `/` separators). */
  file: string;
  /** The declaration (the resource object, block or Bicep declaration): primary location when nothing narrower. */
  ref?: SourceRef;
  /** The name's expression, for "named by …" messages. */
  nameRef?: SourceRef;
  /** Declared `existing`: not deployed by the input, never judged. */
  existing?: boolean;
  /**
   * A condition the scan could not decide. Resources whose condition is known false are not emitted;
   * known true leaves this undefined.
   */
  condition?: { expression: string; reason: string; ref?: SourceRef };
  /** Call sites and other places that explain this instance (module call, nested deployment, copy loop). */
  related?: Related[];
  /**
   * The input's own limits, for rules to state: e.g. `azurerm_app_service_slot` cannot express client
   * certificates; keyed by the catalogue's limitation id.
   */
  limitations?: { id: string; message: string; ref?: SourceRef }[];
  /** Extra facts a frontend knows (Terraform provider version, …). */
  facts?: Record<string, string>;
}

