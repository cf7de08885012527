/**
 * The ARM template function library, shared by the ARM and Bicep frontends so the two cannot drift.
 * Syntax (ARM `[...]` strings, Bicep expressions) belongs to each frontend; what a function computes lives here.
 */
export {
  callFunction,
  isKnownFunction,
  knownFunctionNames,
  ExpressionError,
  type FunctionContext,
  type ScopeInfo,
  type DeploymentScope,
  defaultScope,
} from './functions.js';
export { uniqueString, guid } from './hashes.js';
export { armEquals, armString, type Tri } from './values.js';
