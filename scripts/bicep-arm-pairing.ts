/**
 * Pairs the resources lowered from a Bicep file with those lowered from the ARM template the compiler made
 * of it, deployment by deployment.
 *
 * Addresses are `>`-separated deployment paths. Bicep names every module by its symbolic name; a compiled
 * template has symbolic names only with languageVersion 2.0, otherwise a nested deployment is addressed by
 * its type and name expression (`Microsoft.Resources/deployments/[format(...)]`). Such anonymous
 * deployments are paired with the module instances of the same scope by order (the compiler writes modules
 * in declaration order) and by what they deploy (the resource types inside). A registry module is a module
 * whose content Bicep does not see: what the compiled template deploys under it is set apart, not compared.
 */
import type { Resource } from '../src/model/resource.js';
import type { ModuleCall } from '../src/frontends/bicep/index.js';

const DEPLOYMENTS = 'microsoft.resources/deployments';

export interface ScopeNode {
  /** The address segment (`spoke`, `nsg[0]`, `Microsoft.Resources/deployments/[...]`). */
  key: string;
  children: Map<string, ScopeNode>;
  resources: Resource[];
  /** Bicep: the module instance this scope is. */
  call?: ModuleCall;
}

export interface PairingResult {
  pairs: [bicep: Resource, arm: Resource][];
  onlyBicep: Resource[];
  onlyArm: Resource[];
  /** Module instances Bicep does not lower (registry, template spec, unreadable), with what the template deploys under each. */
  opaque: { call: ModuleCall; arm: Resource[] }[];
  /** Bicep module instances (deployed, with resources) that no compiled deployment matched. */
  unmatchedModules: ModuleCall[];
}

/** Splits an address on `>` outside brackets and quotes (ARM name expressions may contain either). */
export function segments(address: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (quote) {
      if (c === "'") quote = false;
    } else if (c === "'") quote = true;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '>' && depth === 0) {
      out.push(address.slice(start, i));
      start = i + 1;
    }
  }
  out.push(address.slice(start));
  return out;
}

function node(key: string): ScopeNode {
  return { key, children: new Map(), resources: [] };
}

function at(root: ScopeNode, path: string[]): ScopeNode {
  let n = root;
  for (const seg of path) {
    const k = seg.toLowerCase();
    let c = n.children.get(k);
    if (!c) {
      c = node(seg);
      n.children.set(k, c);
    }
    n = c;
  }
  return n;
}

export function tree(resources: Resource[], calls: ModuleCall[] = []): ScopeNode {
  const root = node('');
  for (const c of calls) if (c.deployed) at(root, segments(c.address)).call = c;
  for (const r of resources) at(root, segments(r.address).slice(0, -1)).resources.push(r);
  return root;
}

const anonymous = (key: string) => key.toLowerCase().startsWith('microsoft.resources/deployments/');
const judged = (r: Resource) => !r.existing && r.type.toLowerCase() !== DEPLOYMENTS;

function all(n: ScopeNode, out: Resource[] = []): Resource[] {
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    out.push(...x.resources);
    for (const c of x.children.values()) stack.push(c);
  }
  return out;
}

/** The resource types a scope deploys (sorted, with repeats), its fingerprint for pairing. */
function signature(n: ScopeNode): string[] {
  return all(n)
    .filter(judged)
    .map((r) => r.type.toLowerCase())
    .sort();
}

function similarity(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

function opaqueCall(n: ScopeNode): boolean {
  return n.call !== undefined && n.call.target !== 'local' && n.call.target !== 'arm';
}

function hasOpaque(n: ScopeNode): boolean {
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (opaqueCall(x)) return true;
    for (const c of x.children.values()) stack.push(c);
  }
  return false;
}

/** Order-preserving alignment of two short lists maximizing the summed score (0 = cannot pair). */
function align<A, B>(as: A[], bs: B[], score: (a: A, b: B) => number): [A, B][] {
  const n = as.length;
  const m = bs.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = score(as[i]!, bs[j]!);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, s > 0 ? s + best[i + 1]![j + 1]! : 0);
    }
  }
  const out: [A, B][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = score(as[i]!, bs[j]!);
    if (s > 0 && best[i]![j] === s + best[i + 1]![j + 1]!) {
      out.push([as[i]!, bs[j]!]);
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  return out;
}

const lastSegment = (r: Resource) => segments(r.address).at(-1)!.toLowerCase();

function pairResources(bs: Resource[], as: Resource[], out: PairingResult): void {
  const restA = new Map(as.map((r) => [lastSegment(r), r]));
  const restB: Resource[] = [];
  for (const r of bs) {
    const k = lastSegment(r);
    const o = restA.get(k);
    if (o) {
      restA.delete(k);
      out.pairs.push([r, o]);
    } else restB.push(r);
  }
  // Templates without symbolic names: the same type and evaluated name, then the same type in order.
  const left = [...restA.values()];
  const taken = new Set<Resource>();
  const byName: Resource[] = [];
  for (const r of restB) {
    const o = left.find((x) => !taken.has(x) && x.type.toLowerCase() === r.type.toLowerCase() && x.nameResolved && r.nameResolved && x.name === r.name);
    if (o) {
      taken.add(o);
      out.pairs.push([r, o]);
    } else byName.push(r);
  }
  for (const r of byName) {
    const o = left.find((x) => !taken.has(x) && lastSegment(x).startsWith(`${r.type.toLowerCase()}/`));
    if (o) {
      taken.add(o);
      out.pairs.push([r, o]);
    } else out.onlyBicep.push(r);
  }
  for (const o of left) if (!taken.has(o)) out.onlyArm.push(o);
}

function pairScopes(b: ScopeNode, a: ScopeNode, out: PairingResult): void {
  if (opaqueCall(b)) {
    out.opaque.push({ call: b.call!, arm: all(a) });
    return;
  }
  pairResources(b.resources.filter(judged), a.resources.filter(judged), out);
  const restA = new Map(a.children);
  const restB: ScopeNode[] = [];
  for (const [k, c] of b.children) {
    const o = restA.get(k);
    if (o) {
      restA.delete(k);
      pairScopes(c, o, out);
    } else restB.push(c);
  }
  const anonA = [...restA.values()].filter((x) => anonymous(x.key));
  const sigA = new Map(anonA.map((x) => [x, signature(x)]));
  const matched = align(restB, anonA, (x, y) => {
    if (opaqueCall(x)) return 1;
    const sx = signature(x);
    const sy = sigA.get(y)!;
    if (sx.join() === sy.join()) return 3;
    // A local module that calls registry modules deploys more in the compiled template than Bicep sees.
    const sySet = new Set(sy);
    if (hasOpaque(x) && sx.every((t) => sySet.has(t))) return 1.5;
    const s = similarity(sx, sy);
    return s > 0 ? 1 + s : 0;
  });
  const pairedB = new Set<ScopeNode>();
  for (const [x, y] of matched) {
    pairedB.add(x);
    restA.delete(y.key.toLowerCase());
    pairScopes(x, y, out);
  }
  for (const x of restB) {
    if (pairedB.has(x)) continue;
    if (opaqueCall(x)) out.opaque.push({ call: x.call!, arm: [] });
    else {
      const mine = all(x).filter(judged);
      if (mine.length > 0 && x.call) out.unmatchedModules.push(x.call);
      out.onlyBicep.push(...mine);
    }
  }
  for (const y of restA.values()) out.onlyArm.push(...all(y).filter(judged));
}

/** Pairs Bicep's resources (with the module instances met while lowering) with the compiled template's. */
export function pairLowerings(bicep: Resource[], calls: ModuleCall[], arm: Resource[]): PairingResult {
  const out: PairingResult = { pairs: [], onlyBicep: [], onlyArm: [], opaque: [], unmatchedModules: [] };
  pairScopes(tree(bicep, calls), tree(arm), out);
  return out;
}
