/**
 * Where to probe: URLs from the command line, or the hostnames a live scan (`azmtls azure --format json`) found.
 *
 * From a scan report, a result is used when `resource.source` is `azure` and a hostname is known:
 * - `resource.hostnames: string[]` when the report carries it (custom domains and unique default hostnames included);
 * - otherwise App Service's default hostname: `<name>.azurewebsites.net` for `Microsoft.Web/sites`, and
 *   `<site>-<slot>.azurewebsites.net` for `Microsoft.Web/sites/slots` named `site/slot`.
 * Exclusion paths come from AZM-MTLS-002 results that list them structurally: `exclusionPaths: string[]` on the result
 * or on its resource. Paths are never scraped from message text.
 */

export interface TargetSpec {
  endpoint: URL;
  paths: string[];
  resource?: { type: string; name: string; address: string };
}

export class TargetError extends Error {}

/** Parses a command-line URL; only `https:` is probed (a client certificate never travels over plain HTTP). */
export function parseTargetUrl(text: string): { endpoint: URL; path: string } {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`);
  } catch {
    throw new TargetError(`not a URL: ${text}`);
  }
  if (url.protocol !== 'https:') {
    throw new TargetError(`only https:// URLs can be probed (got ${url.protocol}//): client certificates are only negotiated over TLS`);
  }
  if (url.username !== '' || url.password !== '') throw new TargetError(`URLs with credentials are not probed: ${url.host}`);
  return { endpoint: new URL(url.origin), path: `${url.pathname}${url.search}` };
}

/** Splits App Service's exclusion-path syntax (`,` and `;` separated) and makes every entry an absolute path. */
export function normalizePaths(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const piece of value.split(/[,;]/)) {
      const trimmed = piece.trim();
      if (trimmed === '') continue;
      const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
      if (!out.includes(path)) out.push(path);
    }
  }
  return out;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** App Service's default hostname, as the platform assigns it to sites and slots. */
export function appServiceDefaultHostname(type: string, name: string): string | undefined {
  const lower = type.toLowerCase();
  if (lower === 'microsoft.web/sites' && /^[a-z0-9-]+$/i.test(name)) return `${name.toLowerCase()}.azurewebsites.net`;
  if (lower === 'microsoft.web/sites/slots') {
    const [site, slot, extra] = name.split('/');
    if (site && slot && extra === undefined && /^[a-z0-9-]+$/i.test(site) && /^[a-z0-9-]+$/i.test(slot)) {
      return `${site.toLowerCase()}-${slot.toLowerCase()}.azurewebsites.net`;
    }
  }
  return undefined;
}

/**
 * Endpoints from a JSON scan report. `basePaths` are the command line's `--path` values (default `/`); a resource's
 * exclusion paths are added to its endpoints.
 */
export function targetsFromScanReport(text: string, basePaths: readonly string[]): TargetSpec[] {
  let report: Json;
  try {
    report = JSON.parse(text) as Json;
  } catch (err) {
    throw new TargetError(`the scan report is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(report) || !Array.isArray(report.results)) throw new TargetError('the scan report has no "results" array (expected an azmtls JSON report, schemaVersion 1)');

  const byHost = new Map<string, TargetSpec>();
  const exclusionsByAddress = new Map<string, string[]>();
  for (const result of report.results) {
    if (!isObject(result) || !isObject(result.resource)) continue;
    const resource = result.resource;
    if (result.ruleId === 'AZM-MTLS-002' && typeof resource.address === 'string') {
      const paths = normalizePaths([...stringArray(result.exclusionPaths), ...stringArray(resource.exclusionPaths)]);
      const known = exclusionsByAddress.get(resource.address.toLowerCase()) ?? [];
      exclusionsByAddress.set(resource.address.toLowerCase(), normalizePaths([...known, ...paths]));
    }
  }
  for (const result of report.results) {
    if (!isObject(result) || !isObject(result.resource)) continue;
    const resource = result.resource;
    if (resource.source !== 'azure') continue;
    const type = typeof resource.type === 'string' ? resource.type : '';
    const name = typeof resource.name === 'string' ? resource.name : '';
    const address = typeof resource.address === 'string' ? resource.address : name;
    const hostnames = stringArray(resource.hostnames);
    if (hostnames.length === 0) {
      const fallback = appServiceDefaultHostname(type, name);
      if (fallback) hostnames.push(fallback);
    }
    const exclusions = exclusionsByAddress.get(address.toLowerCase()) ?? [];
    for (const hostname of hostnames) {
      let endpoint: URL;
      try {
        endpoint = parseTargetUrl(hostname).endpoint;
      } catch {
        continue;
      }
      const key = endpoint.origin;
      const existing = byHost.get(key);
      if (existing) {
        existing.paths = unique([...existing.paths, ...exclusions]);
        continue;
      }
      byHost.set(key, { endpoint, paths: unique([...basePaths, ...exclusions]), resource: { type, name, address } });
    }
  }
  return [...byHost.values()];
}
