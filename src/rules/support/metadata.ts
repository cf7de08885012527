/**
 * Metadata every mTLS rule shares: the weaknesses and the framework controls. Microsoft maps the App
 * Service client-certificate policies to MCSB PV-2 and NIST CM-6; the control objective mTLS serves is
 * MCSB IM-4 and NIST IA-3 / IA-5(2) / SC-8. Both are listed, each saying which it is.
 */
import type { FrameworkRef } from '../../engine/rule.js';

export const CWE: readonly string[] = ['CWE-287', 'CWE-295'];

export const CIS_9_4: FrameworkRef = {
  framework: 'CIS Microsoft Azure Foundations Benchmark',
  id: '9.4',
  version: 'v1.1.0-v2.0.0',
  note: "Ensure the web app has 'Client Certificates (Incoming client certificates)' set to 'On' (removed in v2.1.0)",
};

export function sharedFrameworks(): FrameworkRef[] {
  return [
    { framework: 'Microsoft cloud security benchmark', id: 'IM-4', version: 'v1', note: 'control objective: authenticate server and services' },
    { framework: 'Microsoft cloud security benchmark', id: 'PV-2', version: 'v1', note: "Microsoft's policy mapping (Azure_Security_Benchmark_v3.0_PV-2)" },
    { framework: 'NIST SP 800-53', id: 'CM-6', version: 'r5', note: "Microsoft's policy mapping (configuration settings)" },
    { framework: 'NIST SP 800-53', id: 'IA-3', version: 'r5', note: 'control objective: device identification and authentication' },
    { framework: 'NIST SP 800-53', id: 'IA-5(2)', version: 'r5', note: 'control objective: public key-based authentication' },
    { framework: 'NIST SP 800-53', id: 'SC-8', version: 'r5', note: 'control objective: transmission confidentiality and integrity' },
    { framework: 'PCI DSS', id: '4.2.1.2', version: '4.0.1', note: "Microsoft's policy mapping" },
  ];
}
