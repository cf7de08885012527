/**
 * `azurerm_resource_group_template_deployment` and its subscription, management group and tenant siblings deploy
 * the ARM template in `template_content` with the parameters in `parameters_content` (the `parameters` object of
 * a parameters file, as JSON); the older `azurerm_template_deployment` (azurerm 1.x and 2.x) names them
 * `template_body` and `parameters_body`, or takes a map of strings in `parameters`. The template is lowered by the ARM frontend with them, and what it deploys is
 * judged, located at `template_content`. A template not known here, or a template spec, is reported: its
 * resources are not judged.
 */
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { stripBom, type SourceRef, type SourceSet } from '../../../core/source.js';
import type { Resource } from '../../../model/resource.js';
import { containsUnresolved, getKey, toValue, Unresolved, type Related, type Value } from '../../../model/value.js';
import { ExpressionError } from '../../expressions/context.js';
import { compactJson } from '../../expressions/values.js';
import { jsonAttr } from './azurerm.js';
import { deploymentArguments, lowerArmModule, type ModuleArguments } from '../../arm/module-call.js';
import type { ReadFile } from '../../types.js';
import { pushAll } from '../../../core/arrays.js';
import { isObj, type Obj } from '../eval/values.js';
import type { TfObject } from './tfobject.js';

export const TEMPLATE_DEPLOYMENTS = new Set([
  'azurerm_template_deployment',
  'azurerm_resource_group_template_deployment',
  'azurerm_subscription_template_deployment',
  'azurerm_management_group_template_deployment',
  'azurerm_tenant_template_deployment',
]);

export interface TemplateDeploymentContext {
  /** The file the deployment is declared in. */
  file: string;
  /** Its address (`azurerm_resource_group_template_deployment.x[0]`): the template's resources are under it. */
  address: string;
  declRef: SourceRef;
  readFile: ReadFile;
  sources: SourceSet;
}

export function lowerTemplateDeployment(obj: TfObject, ctx: TemplateDeploymentContext): { resources: Resource[]; diagnostics: Diagnostic[]; lowered: number } {
  const diagnostics: Diagnostic[] = [];
  const none = { resources: [], diagnostics, lowered: 0 };
  const notJudged = (what: string, ref: SourceRef) => diagnostics.push(diagnostic('ModuleUnresolved', ref.file, `${what}; its resources are not judged`, ref));
  const content = obj.attr('template_content') ?? obj.attr('template_body');
  if (!content) {
    notJudged(`${ctx.address} deploys a template spec (template_spec_version_id), which a scan does not read`, ctx.declRef);
    return none;
  }
  const ref = content.valueRef ?? ctx.declRef;
  const text = content.value;
  if (typeof text !== 'string') {
    notJudged(`The template of ${ctx.address} is not known (${text instanceof Unresolved ? text.reason : 'template_content is not a string'})`, ref);
    return none;
  }
  const params = obj.attr('parameters_content') ?? obj.attr('parameters_body');
  const paramsRef = params?.valueRef ?? ref;
  const via: Related[] = [{ ref: paramsRef, message: `value comes from the parameters_content of ${ctx.address}` }, ...(params?.via ?? [])];
  const args: ModuleArguments = new Map();
  const unknownAll = (reason: string) => unknownArguments(text, 'parameters_content', reason, via, args);
  const given = params?.value;
  if (typeof given === 'string') {
    const parsed = parseJsonObject(given);
    if (!parsed) {
      diagnostics.push(diagnostic('EvaluationError', paramsRef.file, `the parameters_content of ${ctx.address} is not a JSON object; the template's parameters are not known`, paramsRef));
      unknownAll('parameters_content is not a JSON object');
    }
    if (parsed) deploymentArguments(parsed, 'parameters_content', via, args);
  } else if (given !== undefined && given !== null) {
    unknownAll(given instanceof Unresolved ? given.reason : 'parameters_content is not a string');
  }
  const map = params ? undefined : obj.attr('parameters');
  if (map && isObj(map.value)) {
    for (const [name, value] of Object.entries(map.value)) args.set(name, { value, via: [{ ref: map.valueRef ?? ref, message: `value comes from the parameters of ${ctx.address}` }, ...(map.via ?? [])] });
  } else if (map && map.value !== null) {
    unknownAll(map.value instanceof Unresolved ? map.value.reason : 'parameters is not a map');
  }
  return lowerTemplate(ctx, { text, ref, args, paramsRef, diagnostics });
}

/**
 * An `azapi_resource` of type `Microsoft.Resources/deployments`: its body's `properties.template` is deployed
 * with `properties.parameters`, as a template deployment's is.
 */
export function isAzapiDeployment(obj: TfObject): boolean {
  const t = obj.attr('type')?.value;
  return typeof t === 'string' && t.toLowerCase().startsWith('microsoft.resources/deployments@');
}

export function lowerAzapiDeployment(obj: TfObject, ctx: TemplateDeploymentContext): { resources: Resource[]; diagnostics: Diagnostic[]; lowered: number } {
  const diagnostics: Diagnostic[] = [];
  const none = { resources: [], diagnostics, lowered: 0 };
  const b = obj.attr('body');
  if (!b) return none;
  const ref = b.valueRef ?? ctx.declRef;
  const notJudged = (what: string) => diagnostics.push(diagnostic('ModuleUnresolved', ref.file, `${what}; its resources are not judged`, ref));
  const body = toValue(jsonAttr(b));
  if (body instanceof Unresolved) {
    notJudged(`The body of ${ctx.address} is not known (${body.reason})`);
    return none;
  }
  const props = isObj(body) ? getKey(body, 'properties') : undefined;
  if (props instanceof Unresolved) notJudged(`The properties of ${ctx.address} are not known (${props.reason})`);
  if (props === undefined || !isObj(props)) return none;
  const template = getKey(props, 'template');
  if (template === undefined) {
    const link = getKey(props, 'templateLink');
    if (link !== undefined) notJudged(`The linked template of ${ctx.address} is not read by a scan`);
    return none;
  }
  let text: string | undefined;
  let why = 'a part of it is not known';
  if (isObj(template) && !containsUnresolved(template)) {
    try {
      text = compactJson(template);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      why = err.message;
    }
  } else if (template instanceof Unresolved) why = template.reason;
  if (text === undefined) {
    notJudged(`The template of ${ctx.address} is not known (${why})`);
    return none;
  }
  const args: ModuleArguments = new Map();
  const parameters = getKey(props, 'parameters');
  const via: Related[] = [{ ref, message: `value comes from the parameters of ${ctx.address}` }];
  if (parameters !== undefined && isObj(parameters)) deploymentArguments(parameters, 'properties.parameters', via, args);
  else if (parameters instanceof Unresolved) unknownArguments(text, 'properties.parameters', parameters.reason, via, args);
  return lowerTemplate(ctx, { text, ref, args, paramsRef: ref, diagnostics });
}

/** The template, in memory and located at `ref`, lowered by the ARM frontend; its resources under the deployment. */
function lowerTemplate(
  ctx: TemplateDeploymentContext,
  t: { text: string; ref: SourceRef; args: Map<string, { value: Value; via: Related[] }>; paramsRef: SourceRef; diagnostics: Diagnostic[] },
): { resources: Resource[]; diagnostics: Diagnostic[]; lowered: number } {
  const out = lowerArmModule({
    path: `${ctx.file}#${ctx.address}.template`,
    text: t.text,
    args: t.args,
    argsRef: t.paramsRef,
    readFile: ctx.readFile,
    sources: ctx.sources,
    evaluateEveryTemplate: false,
    inMemory: t.ref,
    argumentNoun: 'template parameter',
  });
  const deployedBy: Related = { ref: ctx.declRef, message: `deployed by ${ctx.address}` };
  for (const r of out.resources) {
    r.address = `${ctx.address}>${r.address}`;
    r.related = [deployedBy, ...(r.related ?? [])];
  }
  pushAll(t.diagnostics, out.diagnostics);
  return { resources: out.resources, diagnostics: t.diagnostics, lowered: out.lowered };
}

/** A JSON text's object, or undefined. */
function parseJsonObject(text: string): Obj | undefined {
  try {
    const v = JSON.parse(stripBom(text)) as Value;
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Every parameter the template declares, not known (whatever its default): the values given for them are not known. */
function unknownArguments(text: string, expression: string, reason: string, via: Related[], args: ModuleArguments): void {
  for (const name of templateParameters(text)) args.set(name, { value: new Unresolved(expression, reason), via });
}

/** The parameter names an ARM template declares. */
function templateParameters(text: string): string[] {
  const params = parseJsonObject(text)?.parameters;
  return params !== undefined && isObj(params) ? Object.keys(params) : [];
}
