// Placeholder: profile scoping (strict / cis / internal) per SEMANTICS.md; the rules work replaces this file.
import type { Resource } from '../model/resource.js';
import type { Rule, RuleContext } from './rule.js';

export type Scope =
  | { inScope: true }
  | { inScope: false; reason: string }
  | { inScope: 'unknown'; reason: string; expression?: string };

export function scopeOf(_resource: Resource, _rule: Rule, _ctx: RuleContext): Scope {
  return { inScope: true };
}
