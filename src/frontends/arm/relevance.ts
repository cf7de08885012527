/**
 * Whether evaluating a template can produce anything the rules judge. Most templates of a repository
 * deploy no type of the catalogue (networks, storage, key vaults), and evaluating their names, conditions
 * and copy counts changes no result. A template is evaluated unless every resource it declares, at every
 * depth, has a literal type outside the catalogue: a type computed by an expression, a nested or linked
 * deployment (whose inner template may deploy anything) or a malformed declaration always leads to the
 * full evaluation, which reports what it finds.
 */
import { child, stringOf, type JNode } from './jsonc.js';
import { composeType, mayBeJudgedType } from './resources.js';

export function mayDeployJudgedTypes(template: JNode): boolean {
  const resources = child(template, 'resources');
  if (!resources) return false;
  // Iterative: resources nest as deeply as the input does.
  const pending: { list: JNode; parentType: string | undefined }[] = [{ list: resources, parentType: undefined }];
  while (pending.length > 0) {
    const { list, parentType } = pending.pop()!;
    if (list.type !== 'array' && list.type !== 'object') return true;
    for (const item of list.children ?? []) {
      const declared = list.type === 'object' ? item.children?.[1] : item;
      if (!declared || declared.type !== 'object') return true;
      const written = stringOf(child(declared, 'type'));
      if (written === undefined || written === '') return true;
      const parent = parentType === undefined ? undefined : { type: parentType };
      if (mayBeJudgedType(parent, written)) return true;
      const type = composeType(parent, written);
      const nested = child(declared, 'resources');
      if (nested) pending.push({ list: nested, parentType: type });
    }
  }
  return false;
}
