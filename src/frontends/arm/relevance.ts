/**
 * Whether evaluating a template can produce anything the rules judge. Most templates of a repository
 * deploy no type of the catalogue (networks, storage, key vaults), and evaluating their names, conditions
 * and copy counts changes no result. A template is evaluated unless every resource it declares, at every
 * depth, has a literal type outside the catalogue: a type computed by an expression, a nested or linked
 * deployment (whose inner template may deploy anything) or a malformed declaration always leads to the
 * full evaluation, which reports what it finds.
 */
import { armTypeEntry } from '../../model/catalog/index.js';
import { child, stringOf, type JNode } from './jsonc.js';
import { composeType, isDeployment } from './resources.js';

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
      if (written === undefined || written === '' || written.startsWith('[')) return true;
      const type = parentType === undefined ? written : composeType({ type: parentType }, written);
      if (isDeployment(type) || armTypeEntry(type)) return true;
      const nested = child(declared, 'resources');
      if (nested) pending.push({ list: nested, parentType: type });
    }
  }
  return false;
}
