/**
 * ARM's side of expressions/partial-merge.ts: `shallowMerge(createArray(…))` and `union(…)` whose undecided
 * items are `if`s over objects, as Bicep compiles an object spread. Bicep reads the source the same way
 * (bicep/program.ts), so both lower the same keys.
 */
import { isPlainObject, Unresolved } from '../../model/value.js';
import { mergeWithUndecided } from '../expressions/partial-merge.js';
import type { ObjectValue } from '../expressions/values.js';
import type { Env, Site, TemplateScope } from './evaluate.js';
import type { ArmExpr } from './expression.js';

/** The merge with the keys an undecided `if` may add left unknown; undefined when it is not such a merge. */
export function partialMerge(scope: TemplateScope, e: ArmExpr, env: Env | undefined, site: Site): ObjectValue | undefined {
  const items = mergedItems(e);
  if (!items) return undefined;
  return mergeWithUndecided(
    items.map((item) => ({ value: scope.evalExpr(item, env, site), keys: () => branchKeys(scope, item, env, site), text: site.source.slice(item.start, item.end) })),
    e.k === 'call' && e.lname === 'union',
  );
}

/** The objects `shallowMerge(createArray(…))` or `union(…)` merges; undefined for any other expression. */
function mergedItems(e: ArmExpr): ArmExpr[] | undefined {
  if (e.k !== 'call') return undefined;
  const list = e.args[0];
  if (e.lname === 'shallowmerge' && e.args.length === 1 && list?.k === 'call' && list.lname === 'createarray') return list.args;
  if (e.lname === 'union' && e.args.length > 0) return e.args;
  return undefined;
}

/**
 * The keys an `if` may give, when each branch is an object, null, or again an `if` or a merge of such
 * (a spread within a spread); undefined otherwise.
 */
function branchKeys(scope: TemplateScope, e: ArmExpr, env: Env | undefined, site: Site): Set<string> | undefined {
  const keys = new Set<string>();
  const stack: ArmExpr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    const v = scope.evalExpr(x, env, site);
    if (v === null) continue;
    if (isPlainObject(v)) {
      for (const k of Object.keys(v)) keys.add(k);
      continue;
    }
    if (!(v instanceof Unresolved) || x.k !== 'call') return undefined;
    const merged = mergedItems(x);
    if (merged) stack.push(...merged);
    else if (x.lname === 'if' && x.args.length === 3) stack.push(x.args[1]!, x.args[2]!);
    else return undefined;
  }
  return keys;
}
