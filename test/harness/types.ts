export type { Result, Report } from '../../src/engine/result.js';
export type { Status } from '../../src/engine/rule.js';
