/**
 * azapi_resource and azapi_update_resource carry an ARM body already: `type = "Microsoft.Web/sites@2023-12-01"`
 * gives the type and apiVersion, `body` (an HCL object, or jsonencode of one, or a JSON string) is the
 * resource body in ARM's shape.
 */
import { getProp, objectNode, Unresolved, type ObjectNode, type Value } from '../../../model/value.js';
import { putAttr } from './build.js';
import { jsonAttr, type Lowered, type LowerContext } from './azurerm.js';
import type { TfObject } from './tfobject.js';

export interface AzapiLowered extends Lowered {
  apiVersion?: string;
}

export function lowerAzapi(tfType: string, o: TfObject, ctx: LowerContext): AzapiLowered | undefined {
  const t = o.attr('type');
  if (!t || typeof t.value !== 'string') return undefined;
  const [type, apiVersion] = t.value.split('@');
  if (!type) return undefined;
  const b = o.attr('body');
  let body: ObjectNode = objectNode(o.ref);
  if (b) {
    const n = jsonAttr(b);
    if (n.t === 'object') body = n;
    else body.props.set('properties', { name: 'properties', value: n, ...(b.ref ? { ref: b.ref } : {}) });
  }
  if (!getProp(body, 'location')) putAttr(body, 'location', o.attr('location'));
  if (!getProp(body, 'tags')) putAttr(body, 'tags', o.attr('tags'));
  const nameAttr = o.attr('name');
  let name: Value = nameAttr?.value ?? new Unresolved('name', 'the resource has no name argument', o.ref);
  if (tfType === 'azapi_update_resource' && !nameAttr) {
    const rid = o.attr('resource_id');
    if (typeof rid?.value === 'string') name = armIdName(rid.value);
    else if (rid) name = ctx.nameOf(rid.value) ?? rid.value;
  }
  // Child types are named parent/child, as ARM reports them.
  const depth = type.split('/').length - 2;
  if (depth > 0 && typeof name === 'string' && !name.includes('/')) {
    const pid = o.attr('parent_id');
    const parent = typeof pid?.value === 'string' ? armIdName(pid.value) : pid ? ctx.nameOf(pid.value) : undefined;
    if (typeof parent === 'string') name = `${parent}/${name}`;
    else if (parent instanceof Unresolved || pid?.value instanceof Unresolved) name = new Unresolved(`${pid?.value instanceof Unresolved ? pid.value.expression : 'parent_id'}/${name}`, (parent instanceof Unresolved ? parent : (pid!.value as Unresolved)).reason);
  }
  return {
    type,
    ...(apiVersion ? { apiVersion } : {}),
    body,
    name,
    ...(nameAttr?.valueRef ? { nameRef: nameAttr.valueRef } : {}),
    ...(tfType === 'azapi_update_resource' ? { facts: { partialUpdate: 'azapi_update_resource changes only the properties in its body' } } : {}),
  };
}

/** The name part of an ARM id: `.../sites/app/slots/stage` is `app/stage`. */
export function armIdName(id: string): string {
  const segs = id.split('/').filter(Boolean);
  const pi = segs.findIndex((s) => s.toLowerCase() === 'providers');
  if (pi < 0) return segs[segs.length - 1] ?? id;
  const rest = segs.slice(pi + 2);
  return rest.filter((_s, i) => i % 2 === 1).join('/');
}
