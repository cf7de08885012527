/** The shape of one template function in the library. */
import type { Value } from '../../model/value.js';
import type { FunctionContext } from './context.js';

/** `fn` is the name as the template wrote it, for messages. */
export type Impl = (args: Value[], ctx: FunctionContext, fn: string) => Value;

export interface FunctionDef {
  min: number;
  /** `Infinity` for variadic functions. */
  max: number;
  /**
   * The function decides itself what an unresolved argument means (`and(false, ?)` is false).
   * Otherwise any unresolved part of any argument makes the result unresolved, with that part's reason.
   */
  lazy?: boolean;
  impl: Impl;
}

export type Library = Record<string, FunctionDef>;
