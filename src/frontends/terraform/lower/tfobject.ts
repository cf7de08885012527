/**
 * What the azurerm and azapi lowering reads: a resource's arguments and nested blocks, whether they come
 * from an evaluated HCL block or from a plan's `after` values. Each answer carries where it is written.
 */
import type { SourceRef } from '../../../core/source.js';
import type { Related, Value, VNode } from '../../../model/value.js';

export interface TfAttr {
  value: Value;
  /** The whole `name = value` span. */
  ref?: SourceRef;
  /** The value expression's span. */
  valueRef?: SourceRef;
  via?: Related[];
  /** The value as a tree with per-element positions (object and tuple literals). */
  node(): VNode;
}

export interface TfObject {
  /** The block (or plan node) span. */
  ref?: SourceRef;
  attr(name: string): TfAttr | undefined;
  /** Nested blocks of that type, dynamic blocks expanded, in order. */
  blocks(name: string): TfObject[];
}
