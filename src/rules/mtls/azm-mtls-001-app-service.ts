/**
 * AZM-MTLS-001: App Service apps and slots require client certificates. `clientCertEnabled` alone is
 * not enough: with `clientCertMode: Optional` the front end accepts requests without a certificate
 * (https://learn.microsoft.com/azure/app-service/app-service-web-configure-tls-mutual-auth).
 */
import { attr, readString, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type FixIntent, type RuleContext, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, toVerdict, type Judged } from '../support/outcome.js';
import { apiVersionBefore, knownBool, knownEnum } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { impliedBy, propName } from '../support/names.js';
import { armIdOf, azTarget, nameAt } from '../support/az-target.js';
import { CIS_9_4, CWE, sharedFrameworks } from '../support/metadata.js';

/** `clientCertMode` first appears in Microsoft.Web apiVersion 2020-06-01; before it, enabled meant required. */
const MODE_INTRODUCED = '2020-06-01';

const PORTAL_LABEL: Record<string, string> = { Required: 'Require', Optional: 'Allow', OptionalInteractiveUser: 'Optional' };

const WORDING = {
  fail: 'Require client certificates',
  pass: 'Client certificates are required',
  unknown: 'Cannot tell whether client certificates are required',
};

const CIS_WORDING = {
  fail: "Set 'Client Certificates (Incoming client certificates)' to On (CIS 9.4)",
  pass: "'Client Certificates (Incoming client certificates)' is On (CIS 9.4)",
  unknown: "Cannot tell whether 'Client Certificates (Incoming client certificates)' is On (CIS 9.4)",
};

function kindOf(resource: Resource): string {
  const k = readString(attr(resource, 'kind'));
  return k.state === 'value' ? k.value.toLowerCase() : '';
}

interface Names {
  enabled: string;
  mode: string;
  /** The attribute whose being set turns client certificates on, for Terraform types without an enabled argument. */
  enabledBy?: string;
}

function namesOf(resource: Resource): Names {
  const enabledBy = impliedBy(resource, 'properties.clientCertEnabled');
  return {
    enabled: propName(resource, 'properties.clientCertEnabled'),
    mode: propName(resource, 'properties.clientCertMode'),
    ...(enabledBy ? { enabledBy } : {}),
  };
}

function judgeEnabled(names: Names) {
  return (a: Parameters<typeof knownBool>[0]): Judged => {
    if (names.enabledBy) return judgeImpliedEnabled(a, names.enabledBy);
    const b = knownBool(a, names.enabled);
    if (b.kind === 'absent') {
      return { state: 'fail', text: `${names.enabled} is not set (service default false), so client certificates are ignored (portal: Ignore)` };
    }
    if (b.kind === 'invalid') return { state: 'fail', text: b.text };
    if (b.value) return { state: 'pass', text: b.text };
    return { state: 'fail', text: `${b.text}, so client certificates are ignored (portal: Ignore)` };
  };
}

/** Client certificates are on exactly when `by` is set (a non-empty mode), as the provider decides. */
function judgeImpliedEnabled(a: Parameters<typeof knownBool>[0], by: string): Judged {
  const b = knownBool(a, by);
  if (b.kind === 'invalid') return { state: 'fail', text: b.text };
  const on = b.kind === 'bool' && b.value;
  if (on) {
    const how = a.origin === 'default' ? `${by} takes a provider default` : `${by} is set`;
    return { state: 'pass', text: `${how}, which turns client certificates on` };
  }
  const how = a.origin === 'explicit' ? `${by} is empty` : `${by} is not set`;
  return { state: 'fail', text: `${how}, so client certificates are ignored (portal: Ignore)` };
}

function judgeMode(apiVersion: string | undefined, names: Names) {
  return (a: Parameters<typeof knownEnum>[0]): Judged => {
    const e = knownEnum(a, names.mode, 'ClientCertMode');
    if (e.kind === 'absent') {
      if (apiVersionBefore(apiVersion, MODE_INTRODUCED)) {
        return {
          state: 'pass',
          text: `${names.mode} did not exist before apiVersion ${MODE_INTRODUCED} (this resource uses ${apiVersion}), when enabling client certificates meant requiring them`,
        };
      }
      return { state: 'pass', text: `${names.mode} is not set (service default 'Required', portal: Require)` };
    }
    if (e.kind === 'invalid') return { state: 'fail', text: e.text };
    if (e.canonical === undefined) {
      return { state: 'fail', text: `${e.text}, which is not a client certificate mode (Required, Optional, OptionalInteractiveUser)` };
    }
    return { state: e.canonical === 'Required' ? 'pass' : 'fail', text: `${e.text} (portal: ${PORTAL_LABEL[e.canonical]})` };
  };
}

/** Both properties driven by one unresolved attribute (the mode that implies enablement) are one reason, not two. */
function sameUnresolved(a: Attr, b: Attr): boolean {
  return a.origin === 'unresolved' && b.origin === 'unresolved' && a.expression === b.expression && a.ref?.start === b.ref?.start && a.ref?.file === b.ref?.file;
}

function check(resource: Resource, ctx: RuleContext): Verdict | undefined {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);

  const kind = kindOf(resource);
  if (kind.includes('azurecontainerapps')) {
    return {
      status: 'not-applicable',
      message:
        "Azure Functions on Container Apps (kind contains 'azurecontainerapps'): the Container App's ingress governs client certificates, not App Service settings.",
    };
  }

  const enabledAttr = attr(resource, 'properties.clientCertEnabled');
  const modeAttr = attr(resource, 'properties.clientCertMode');
  const names = namesOf(resource);
  const enabled = judgeAttr(enabledAttr, names.enabled, judgeEnabled(names));
  const mode = judgeAttr(modeAttr, names.mode, judgeMode(resource.apiVersion, names));
  const legacy = apiVersionBefore(resource.apiVersion, MODE_INTRODUCED);

  if (ctx.profile === 'cis') {
    // CIS 9.4's audit reads only clientCertEnabled ("set to 'On'"); the mode is reported, not judged.
    const c = allOf([enabled]);
    const note = c.state === 'pass' && mode.state === 'fail' ? `The strict profile also requires the mode: ${mode.text}.` : undefined;
    const fixes = enabled.state !== 'pass' && enabledAttr.origin !== 'unresolved' ? [enableFix(names)] : [];
    return toVerdict(c, CIS_WORDING, { fixes, ...(note ? { note } : {}) });
  }

  const c = allOf(sameUnresolved(enabledAttr, modeAttr) ? [mode] : [enabled, mode]);
  const fixes: FixIntent[] = [];
  if (enabled.state !== 'pass' && enabledAttr.origin !== 'unresolved') fixes.push(enableFix(names));
  const modeAbsentDefaultRequired = modeAttr.origin === 'absent' && !legacy;
  if (modeAbsentDefaultRequired) {
    // Writing the service default down changes nothing at deployment: a safe edit.
    fixes.push({ kind: 'set', path: 'properties.clientCertMode', value: 'Required', safe: true, description: `set ${names.mode} to 'Required' explicitly (the service default)` });
  } else if (mode.state === 'fail' && modeAttr.origin !== 'unresolved') {
    fixes.push({ kind: 'set', path: 'properties.clientCertMode', value: 'Required', safe: false, description: `set ${names.mode} to 'Required' (callers without a certificate will be rejected)` });
  }

  let note: string | undefined;
  if (c.state === 'fail' && enabled.state === 'fail' && modeAttr.origin === 'explicit' && mode.state === 'pass') {
    // Only a mode the author wrote deserves the warning; a provider default of 'Required' is not a misunderstanding.
    note = `${names.mode} 'Required' has no effect while ${names.enabled} is not true.`;
  } else if (c.state === 'pass' && modeAbsentDefaultRequired) {
    note = `Set ${names.mode} to 'Required' explicitly so the requirement does not rest on a service default.`;
  }
  return toVerdict(c, WORDING, { fixes, ...(note ? { note } : {}) });
}

function enableFix(names: Names): FixIntent {
  return {
    kind: 'set',
    path: 'properties.clientCertEnabled',
    value: true,
    safe: false,
    description: names.enabledBy
      ? `set ${names.enabledBy} to 'Required' to enable client certificates (callers without a certificate will be rejected)`
      : 'enable client certificates (callers without a certificate will be rejected)',
  };
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const kind = kindOf(resource);
  const isSlot = resource.type.toLowerCase() === 'microsoft.web/sites/slots';
  if (kind.includes('workflowapp')) {
    // Logic App Standard has no dedicated az command for these settings; the generic update works on the site.
    const id = armIdOf(t, isSlot ? 'Microsoft.Web/sites/slots' : 'Microsoft.Web/sites', ['<name>', '<slot>']);
    return `az resource update --ids ${id} --set properties.clientCertEnabled=true properties.clientCertMode=Required`;
  }
  const group = kind.includes('functionapp') ? 'functionapp' : 'webapp';
  const slot = isSlot ? ` --slot ${nameAt(t, 1, '<slot>')}` : '';
  return `az ${group} update --resource-group ${t.resourceGroup} --name ${nameAt(t, 0)}${slot} --set clientCertEnabled=true clientCertMode=Required`;
}

export const azmMtls001 = defineRule(
  {
    id: 'AZM-MTLS-001',
    slug: 'app-service-client-cert-required',
    title: 'App Service apps and slots require client certificates',
    description:
      "App Service web, API, function and Logic App Standard apps, and each of their deployment slots, must set clientCertEnabled to true with clientCertMode 'Required' (portal: Client certificate mode: Require). 'Optional' (portal: Allow) and 'OptionalInteractiveUser' (portal: Optional) accept requests without a certificate, and clientCertMode 'Required' alone does nothing while clientCertEnabled is false.",
    severity: 'medium',
    cwe: [...CWE],
    frameworks: [CIS_9_4, ...sharedFrameworks()],
    aliases: [
      { tool: 'checkov', id: 'CKV_AZURE_17' },
      { tool: 'trivy', id: 'AVD-AZU-0001' },
      { tool: 'kics', id: '92302b47-b0cc-46cb-a28f-5610ecda140b' },
      { tool: 'kics', id: 'a81573f9-3691-4d83-88a0-7d4af63e17a3' },
      { tool: 'kics', id: '9bb3c639-5edf-458c-8ee5-30c17c7d671d' },
      { tool: 'prowler', id: 'app_client_certificates_on' },
      { tool: 'cloudsploit', id: 'clientCertEnabled' },
      { tool: 'azure-policy', id: '19dd1db6-f442-49cf-a838-b0786b4401ef' },
      { tool: 'azure-policy', id: '5b0bd968-5cb5-4513-8987-27786c6f0df8' },
      { tool: 'azure-policy', id: 'ab6a902f-9493-453b-928d-62c30b11b5a6' },
      { tool: 'azure-policy', id: '153ab4ca-2d58-4b5d-9134-6d8c6bdd321c' },
      { tool: 'azure-policy', id: '5bb220d9-2698-4ee4-8404-b9c30c9df609' },
      { tool: 'azure-policy', id: '2f7c08c2-f671-4282-9fdb-597b6ef2c10d' },
      { tool: 'azure-policy', id: 'eaebaea7-8013-4ceb-9d14-7eb32271373c' },
      { tool: 'azure-policy', id: 'cf9ca02d-383e-4506-a421-258cc1a5300d' },
      { tool: 'azure-policy', id: '0c192fe8-9cbb-4516-85b3-0ade8bd03886' },
      { tool: 'sonar', id: 'S6382' },
      { tool: 'cloudguard', id: 'D9.AZU.CRY.20' },
      { tool: 'steampipe', id: 'appservice_web_app_incoming_client_cert_on' },
      { tool: 'steampipe', id: 'appservice_function_app_client_certificates_on' },
    ],
    appliesTo: ['Microsoft.Web/sites', 'Microsoft.Web/sites/slots'],
    remediation: {
      summary: "Set clientCertEnabled to true and clientCertMode to 'Required' on the app and on each of its slots.",
      portal:
        'App Service > your app (or Deployment slots > the slot) > Settings > Configuration > General settings > Incoming client certificates: set Client certificate mode to Require, then Save.',
      azCli,
      arm: '"properties": {\n  "clientCertEnabled": true,\n  "clientCertMode": "Required"\n}',
      bicep: "properties: {\n  clientCertEnabled: true\n  clientCertMode: 'Required'\n}",
      terraform: 'client_certificate_enabled = true\nclient_certificate_mode    = "Required"',
    },
    docs: 'src/rules/mtls/azm-mtls-001-app-service.md',
  },
  check,
);
