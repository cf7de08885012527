/**
 * The ARM template frontend: JSON with comments and exact positions, the template language evaluated with
 * ARM's semantics, and every deployed resource lowered into the model.
 */
import { stripBom, SourceSet } from '../../core/source.js';
import type { Resource } from '../../model/resource.js';
import { defaultScope } from '../expressions/index.js';
import type { FrontendOutput, ReadFile } from '../types.js';
import { ArmContext, DEFAULT_LIMITS, type ArmLimits } from './context.js';
import { TemplateScope, type Supplied } from './evaluate.js';
import { child, parseJsonc, refOf, stringOf } from './jsonc.js';
import { readParameterFile } from './parameters.js';
import { mayDeployJudgedTypes } from './relevance.js';
import { lowerTemplate } from './resources.js';
import { deploymentScopeOfSchema } from './sniff.js';
import { pushAll } from '../../core/arrays.js';

export { sniffArm, type ArmFileKind } from './sniff.js';
export { parseArmExpression, parseArmString, isArmExpression, type ArmExpr, type ArmExpressionError, type ParsedString } from './expression.js';
export { readParameterFile, type ParameterFile } from './parameters.js';
export { DEFAULT_LIMITS, type ArmLimits } from './context.js';
export type { Supplied } from './evaluate.js';

export interface LoadArmOptions {
  readFile: ReadFile;
  /** Deployment parameter files (display paths), applied in order: a later file overrides an earlier one. */
  parameterFiles?: string[];
  /**
   * Parameter values given by a caller (a Bicep module's evaluated arguments), by parameter name; applied
   * after the parameter files. A value may be `Unresolved`, with its own reason.
   */
  parameters?: Map<string, Supplied>;
  sources?: SourceSet;
  limits?: Partial<ArmLimits>;
  /**
   * Evaluate the template even when it deploys no type the rules judge, and lower every resource of it
   * whatever its type (see relevance.ts). Scans leave it off; conformance, fuzzing and the frontend's own
   * tests turn it on so the evaluator meets every template and resource.
   */
  evaluateEveryTemplate?: boolean;
}

export function loadArm(file: string, text: string, opts: LoadArmOptions): FrontendOutput {
  const sources = opts.sources ?? new SourceSet();
  const t = stripBom(text);
  sources.add(file, t);
  const ctx = new ArmContext(sources, opts.readFile, { ...DEFAULT_LIMITS, ...opts.limits }, file);
  ctx.lowerEveryResource = opts.evaluateEveryTemplate === true;
  const resources: Resource[] = [];
  try {
    const { root } = parseJsonc(file, t, ctx.diagnostics, 'template');
    if (!root) return { resources, diagnostics: ctx.diagnostics, sources };
    if (root.type !== 'object') {
      ctx.report('TemplateShape', file, 'An ARM template must be a JSON object', refOf(file, root));
      return { resources, diagnostics: ctx.diagnostics, sources };
    }
    const supplied = new Map<string, Supplied>();
    for (const pf of opts.parameterFiles ?? []) {
      let ptext: string;
      try {
        ptext = stripBom(opts.readFile(pf));
      } catch (err) {
        ctx.report('FileUnreadable', pf, `The parameters file could not be read: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      sources.add(pf, ptext);
      const parsed = readParameterFile(pf, ptext);
      pushAll(ctx.diagnostics, parsed.diagnostics);
      for (const [k, v] of parsed.values) supplied.set(k, v);
    }
    for (const [k, v] of opts.parameters ?? []) supplied.set(k.toLowerCase(), v);
    if (!opts.evaluateEveryTemplate && !mayDeployJudgedTypes(root)) return { resources, diagnostics: ctx.diagnostics, sources };
    const scopeInfo = defaultScope();
    const target = deploymentScopeOfSchema(stringOf(child(root, '$schema')));
    if (target) scopeInfo.targetScope = target;
    const scope = new TemplateScope(ctx, file, t, root, { supplied, scopeInfo });
    lowerTemplate(scope, root, resources);
  } catch (err) {
    // A bug here must not stop the scan: the file is reported as an internal fault and the rest goes on.
    const message = err instanceof Error ? err.message : String(err);
    ctx.report('InternalFrontend', file, `The ARM template frontend failed on this file: ${message}`);
  }
  return { resources, diagnostics: ctx.diagnostics, sources };
}

