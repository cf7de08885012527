/** The rule catalogue, ordered by id. */
import type { Rule } from '../engine/rule.js';
import { azmMtls001 } from './mtls/azm-mtls-001-app-service.js';
import { azmMtls002 } from './mtls/azm-mtls-002-app-service-exclusion-paths.js';
import { azmMtls003 } from './mtls/azm-mtls-003-signalr-web-pubsub.js';
import { azmMtls004 } from './mtls/azm-mtls-004-container-apps.js';
import { azmMtls005 } from './mtls/azm-mtls-005-api-management.js';
import { azmMtls006 } from './mtls/azm-mtls-006-data-factory.js';
import { azmMtls007 } from './mtls/azm-mtls-007-container-registry-tokens.js';
import { azmMtls008 } from './mtls/azm-mtls-008-cassandra.js';
import { azmMtls009 } from './mtls/azm-mtls-009-service-fabric.js';

export const allRules: readonly Rule[] = [azmMtls001, azmMtls002, azmMtls003, azmMtls004, azmMtls005, azmMtls006, azmMtls007, azmMtls008, azmMtls009];

const byId = new Map(allRules.map((r) => [r.meta.id.toUpperCase(), r]));

/** The rule with this id (case-insensitive), or undefined. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id.trim().toUpperCase());
}
