/**
 * Lowers a resource's JSON into the value tree: literal JSON keeps its exact positions, expression strings
 * are evaluated and carry the expression's position, and a direct `parameters('x')`/`variables('x')` names
 * the declaration the value came from.
 */
import type { SourceRef } from '../../core/source.js';
import { Unresolved, arrayNode, fromValue, objectNode, scalar, setProp, unresolved, type NodeBase, type VNode, type Value } from '../../model/value.js';
import { MAX_LOWERED_VALUES, takeLowered, treeSize, type LoweredCount } from '../expressions/size.js';
import type { ArmContext } from './context.js';
import { bindCopy, isPropertyCopy, type Env, type TemplateScope } from './evaluate.js';
import { child, keyOf, refOf, stringOf, type JNode } from './jsonc.js';
import { partialMerge } from './partial-merge.js';

const lowered = new WeakMap<ArmContext, LoweredCount>();

/** Takes `n` values from the deployment's allowance; false, reported once, when it is spent. */
function take(scope: TemplateScope, n: number, ref: SourceRef): boolean {
  let count = lowered.get(scope.ctx);
  if (!count) lowered.set(scope.ctx, (count = { lowered: 0 }));
  const taken = takeLowered(count, n);
  if (taken !== 'exceeded') return taken === 'ok';
  scope.ctx.report('LimitExceeded', scope.file, `The resources of this deployment add up to more than ${MAX_LOWERED_VALUES} values; the rest are left unresolved`, ref);
  return false;
}

const OVER_LIMIT = `the resources of this deployment add up to more than ${MAX_LOWERED_VALUES} values`;

/** Lowers a JSON value node. */
export function lowerJson(scope: TemplateScope, node: JNode, env: Env | undefined): VNode {
  const file = scope.file;
  if (!take(scope, 1, refOf(file, node))) return unresolved(clip(scope.text.slice(node.offset, node.offset + node.length)), OVER_LIMIT, refOf(file, node));
  switch (node.type) {
    case 'object': {
      const o = objectNode(refOf(file, node));
      for (const p of node.children ?? []) {
        const v = p.children?.[1];
        if (!v) continue;
        const key = keyOf(p);
        if (key.length === 4 && key.toLowerCase() === 'copy' && isPropertyCopy(v)) {
          for (const spec of v.children!) lowerPropertyCopy(scope, o, spec, env);
          continue;
        }
        setProp(o, scope.evalKey(p, env), lowerJson(scope, v, env), refOf(file, p));
      }
      return o;
    }
    case 'array': {
      const items: VNode[] = [];
      for (const c of node.children ?? []) items.push(lowerJson(scope, c, env));
      return arrayNode(items, refOf(file, node));
    }
    case 'string':
      return lowerString(scope, node, env);
    case 'number':
    case 'boolean':
      return scalar(node.value as number | boolean, refOf(file, node));
    default:
      return scalar(null, refOf(file, node));
  }
}

/** `copy: [{ name, count, input }]` inside properties: a property `name` holding the generated array. */
function lowerPropertyCopy(scope: TemplateScope, o: ReturnType<typeof objectNode>, spec: JNode, env: Env | undefined): void {
  const file = scope.file;
  const name = stringOf(child(spec, 'name'))!;
  const input = child(spec, 'input')!;
  const count = scope.copyCount(spec, env);
  const ref = refOf(file, spec);
  if (count instanceof Unresolved) {
    setProp(o, name, unresolved(`copy '${name}'`, `the number of elements of '${name}' is not known: ${count.reason}`, ref), ref);
    return;
  }
  const items: VNode[] = [];
  for (let i = 0; i < count; i++) {
    if (scope.ctx.exhausted) break;
    items.push(lowerJson(scope, input, bindCopy(env, name, i, false)));
  }
  setProp(o, name, arrayNode(items, ref), ref);
}

/** A string: literal, or an evaluated expression lowered with the expression's position. */
export function lowerString(scope: TemplateScope, node: JNode, env: Env | undefined): VNode {
  const s = node.value as string;
  const ref = refOf(scope.file, node);
  if (s.length < 2 || s.charCodeAt(0) !== 91) return scalar(s, ref);
  const parsed = scope.ctx.parseString(node);
  if (parsed.kind === 'literal') return scalar(parsed.value, ref);
  let value = scope.evalString(node, env);
  if (value instanceof Unresolved && parsed.kind === 'expression') value = partialMerge(scope, parsed.expr, env, { node, source: s, file: scope.file }) ?? value;
  // The string itself was counted by lowerJson.
  if (!take(scope, treeSize(value) - 1, ref)) return unresolved(clip(s), OVER_LIMIT, ref);
  let extra: NodeBase | undefined;
  if (parsed.kind === 'expression') {
    // The parameters and variables the value comes from: the finding can name them.
    const via = scope.provenance(parsed.expr);
    if (via.length > 0) extra = { via };
  }
  return lowerValue(value, ref, s, extra);
}

/** An evaluated value; an unresolved result is described by the expression as written. */
export function lowerValue(value: Value, ref: SourceRef, written: string, extra?: NodeBase): VNode {
  if (value instanceof Unresolved) {
    const n = unresolved(written, value.reason, ref, extra);
    if (value.candidates) n.candidates = value.candidates;
    return n;
  }
  return fromValue(value, ref, extra);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
