import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { loadBicep, loadBicepParam, bicepReferences } from './index.js';

function files(map: Record<string, string>) {
  return (p: string): string => {
    const t = map[p];
    if (t === undefined) throw new Error(`ENOENT: ${p}`);
    return t;
  };
}

/** Every resource lowered, whatever its type: these tests are about the evaluator, not about what is judged. */
function load(text: string, extra: Record<string, string> = {}, parameterFiles?: string[]) {
  return loadBicep('infra/main.bicep', text, { readFile: files(extra), evaluateEveryTemplate: true, ...(parameterFiles ? { parameterFiles } : {}) });
}

function value(r: Resource, path: string): unknown {
  const a = attr(r, path);
  if (a.origin === 'unresolved') return { unresolved: a.expression, reason: a.reason };
  if (a.origin === 'absent') return undefined;
  return a.node?.t === 'scalar' ? a.node.value : a.node?.t;
}

const SITE = "'Microsoft.Web/sites@2022-03-01'";

describe('bicep evaluator: parameters and variables', () => {
  test('a parameter default flows into a property, with a related location at the parameter', () => {
    const text = `param certMode string = 'Optional'\nresource site ${SITE} = {\n  name: 'app'\n  properties: {\n    clientCertEnabled: true\n    clientCertMode: certMode\n  }\n}\n`;
    const out = load(text);
    assert.deepEqual(out.diagnostics, []);
    const [r] = out.resources;
    assert.ok(r);
    assert.equal(r.source, 'bicep');
    assert.equal(r.type, 'Microsoft.Web/sites');
    assert.equal(r.apiVersion, '2022-03-01');
    assert.equal(r.name, 'app');
    assert.equal(r.nameResolved, true);
    assert.equal(r.address, 'site');
    const a = attr(r, 'properties.clientCertMode');
    assert.equal(a.node?.t === 'scalar' && a.node.value, 'Optional');
    // The finding points at `clientCertMode: certMode` and relates to the parameter declaration.
    assert.equal(text.slice(a.ref!.start, a.ref!.end), 'clientCertMode: certMode');
    assert.deepEqual(
      a.via?.map((v) => [v.message, text.slice(v.ref.start, v.ref.end)]),
      [["value comes from parameter 'certMode'", "param certMode string = 'Optional'"]],
    );
    const lit = attr(r, 'properties.clientCertEnabled');
    assert.equal(text.slice(lit.ref!.start, lit.ref!.end), 'clientCertEnabled: true');
    assert.equal(lit.via, undefined);
  });

  test('a parameter without a default is unresolved, with its allowed values as candidates', () => {
    const text = `@allowed(['Required', 'Optional'])\nparam certMode string\nresource site ${SITE} = {\n  name: 'app'\n  properties: { clientCertMode: certMode }\n}`;
    const [r] = load(text).resources;
    const a = attr(r!, 'properties.clientCertMode');
    assert.equal(a.origin, 'unresolved');
    assert.equal(a.expression, 'certMode');
    assert.equal(a.reason, "parameter 'certMode' has no default and no value was supplied");
    assert.deepEqual(a.node?.t === 'unresolved' && a.node.candidates, ['Required', 'Optional']);
  });

  test('variables, interpolation, ternary, ?? and .? evaluate; via lists the chain', () => {
    const text = [
      "param env string = 'prod'",
      "param settings object = { mode: 'Required' }",
      "var prefix = 'app-${env}'",
      "var mode = settings.?mode ?? 'Optional'",
      `resource site ${SITE} = {`,
      "  name: '${prefix}-${length(prefix)}'",
      '  properties: {',
      "    clientCertEnabled: env == 'prod' ? true : false",
      '    clientCertMode: mode',
      '    missing: settings.?nothing',
      '  }',
      '}',
    ].join('\n');
    const [r] = load(text).resources;
    assert.equal(r!.name, 'app-prod-8');
    assert.equal(value(r!, 'properties.clientCertEnabled'), true);
    assert.equal(value(r!, 'properties.clientCertMode'), 'Required');
    assert.equal(value(r!, 'properties.missing'), undefined);
    assert.deepEqual(
      attr(r!, 'properties.clientCertMode').via?.map((v) => v.message),
      ["value comes from variable 'mode'", "value comes from parameter 'settings'"],
    );
  });

  test('@secure() values are never read', () => {
    const text = `@secure()\nparam pwd string = 'hunter2'\nresource site ${SITE} = {\n  name: 'app'\n  properties: { password: pwd }\n}`;
    const out = load(text);
    const a = attr(out.resources[0]!, 'properties.password');
    assert.equal(a.origin, 'unresolved');
    assert.equal(a.reason, 'secure value is not read');
    assert.ok(!JSON.stringify(out.resources[0]!.body, (_k, v: unknown) => (v instanceof Map ? [...v.values()] : v)).includes('hunter2'));
  });

  test('an undeclared name is a diagnostic and an unresolved value', () => {
    const out = load(`resource site ${SITE} = {\n  name: nope\n}`);
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message]), [['AZM2007', "The name 'nope' does not exist in the current context."]]);
    assert.equal(out.resources[0]!.nameResolved, false);
    assert.equal(out.resources[0]!.name, 'nope');
  });

  test('a cycle between variables is reported, not recursed', () => {
    const out = load(`var a = b\nvar b = a\nresource site ${SITE} = {\n  name: a\n}`);
    assert.ok(out.diagnostics.some((d) => d.code === 'AZM2002'));
    assert.equal(out.resources[0]!.nameResolved, false);
  });

  test('user-defined functions and lambdas', () => {
    const text = `func named(p string) string => 'site-\${p}'\nvar pick = (x) => x\nresource site ${SITE} = {\n  name: named('a')\n}`;
    const out = load(text);
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources[0]!.name, 'site-a');
  });
});

describe('bicep evaluator: loops, conditions, existing', () => {
  test('a loop gives one resource per instance with evaluated names and indexed addresses', () => {
    const text = `param names array = ['a', 'b', 'c']\nresource sites ${SITE} = [for (n, i) in names: if (n != 'b') {\n  name: '\${n}-\${i}'\n}]`;
    const out = load(text);
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.name]),
      [
        ['sites[0]', 'a-0'],
        ['sites[2]', 'c-2'],
      ],
    );
  });

  test('a loop over an unknown collection keeps one representative instance', () => {
    const out = load(`param names array\nresource sites ${SITE} = [for n in names: {\n  name: n\n}]`);
    assert.equal(out.resources.length, 1);
    const r = out.resources[0]!;
    assert.equal(r.address, 'sites[*]');
    assert.equal(r.nameResolved, false);
    assert.equal(r.condition?.expression, '!empty(names)');
    assert.match(r.condition!.reason, /number of instances is not known/);
  });

  test('a condition known false drops the resource; an unknown one is kept with the condition', () => {
    const text = `param deploy bool = false\nparam maybe bool\nresource a ${SITE} = if (deploy) {\n  name: 'a'\n}\nresource b ${SITE} = if (maybe) {\n  name: 'b'\n}`;
    const out = load(text);
    assert.deepEqual(out.resources.map((r) => r.name), ['b']);
    assert.deepEqual(out.resources[0]!.condition, {
      expression: 'maybe',
      reason: "parameter 'maybe' has no default and no value was supplied",
      ref: { file: 'infra/main.bicep', start: text.indexOf('(maybe)') + 1, end: text.indexOf('(maybe)') + 6 },
    });
  });

  test('existing resources are marked', () => {
    const out = load(`resource plan 'Microsoft.Web/serverfarms@2022-03-01' existing = {\n  name: 'plan'\n}`);
    assert.equal(out.resources[0]!.existing, true);
  });

  test('nested children compose type, name and address; parent: does too', () => {
    const text = [
      `resource site ${SITE} = {`,
      "  name: 'app'",
      "  resource slot 'slots' = {",
      "    name: 'staging'",
      '    properties: { clientCertEnabled: true }',
      '  }',
      '}',
      "resource cfg 'Microsoft.Web/sites/slots/config@2022-03-01' = {",
      '  parent: site::slot',
      "  name: 'web'",
      '}',
    ].join('\n');
    const out = load(text);
    assert.deepEqual(out.diagnostics, []);
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.type, r.name, r.apiVersion]),
      [
        ['site', 'Microsoft.Web/sites', 'app', '2022-03-01'],
        ['site::slot', 'Microsoft.Web/sites/slots', 'app/staging', '2022-03-01'],
        ['cfg', 'Microsoft.Web/sites/slots/config', 'app/staging/web', '2022-03-01'],
      ],
    );
    // The parent's body does not contain the child declaration.
    assert.equal(value(out.resources[0]!, 'slot'), undefined);
    assert.equal(value(out.resources[1]!, 'properties.clientCertEnabled'), true);
  });

  test('a child inside a looped parent is evaluated per parent instance', () => {
    const text = `resource sites ${SITE} = [for n in ['a', 'b']: {\n  name: n\n  resource slot 'slots@2022-03-01' = {\n    name: 'stg'\n  }\n}]`;
    const out = load(text);
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.name]),
      [
        ['sites[0]', 'a'],
        ['sites[0]::slot', 'a/stg'],
        ['sites[1]', 'b'],
        ['sites[1]::slot', 'b/stg'],
      ],
    );
  });
});

describe('bicep evaluator: modules', () => {
  const moduleText = [
    "param name string",
    "param clientCertMode string = 'Optional'",
    `resource site ${SITE} = {`,
    '  name: name',
    '  properties: {',
    '    clientCertEnabled: true',
    '    clientCertMode: clientCertMode',
    '  }',
    '}',
    'output siteName string = site.name',
  ].join('\n');

  test('a local module is evaluated with its arguments and its own defaults', () => {
    const text = "module app './modules/app.bicep' = {\n  name: 'deploy-app'\n  params: {\n    name: 'contoso'\n  }\n}\noutput n string = app.outputs.siteName";
    const out = load(text, { 'infra/modules/app.bicep': moduleText });
    assert.deepEqual(out.diagnostics, []);
    const [r] = out.resources;
    assert.equal(r!.address, 'app>site');
    assert.equal(r!.file, 'infra/modules/app.bicep');
    assert.equal(r!.name, 'contoso');
    assert.equal(value(r!, 'properties.clientCertMode'), 'Optional');
    assert.deepEqual(r!.related?.map((x) => [x.message, text.slice(x.ref.start, x.ref.end)]), [["deployed by module 'app' ('./modules/app.bicep')", "module app './modules/app.bicep'"]]);
    const via = attr(r!, 'properties.clientCertMode').via!;
    assert.deepEqual(via.map((v) => [v.ref.file, v.message]), [['infra/modules/app.bicep', "value comes from parameter 'clientCertMode'"]]);
    assert.ok(out.sources.has('infra/modules/app.bicep'));
  });

  test('a module argument shows both the module parameter and the argument', () => {
    const text = "param mode string = 'Required'\nmodule app 'modules/app.bicep' = {\n  params: {\n    name: 'x'\n    clientCertMode: mode\n  }\n}";
    const out = load(text, { 'infra/modules/app.bicep': moduleText });
    const via = attr(out.resources[0]!, 'properties.clientCertMode').via!;
    assert.deepEqual(
      via.map((v) => [v.ref.file, v.message]),
      [
        ['infra/modules/app.bicep', "value comes from parameter 'clientCertMode'"],
        ['infra/main.bicep', "value comes from module argument 'clientCertMode'"],
        ['infra/main.bicep', "value comes from parameter 'mode'"],
      ],
    );
    assert.equal(value(out.resources[0]!, 'properties.clientCertMode'), 'Required');
  });

  test('module loops and nested modules prefix addresses', () => {
    const outer = "param n string\nmodule inner './inner.bicep' = {\n  params: { n: n }\n}";
    const inner = `param n string\nresource site ${SITE} = {\n  name: n\n}`;
    const text = "module outer 'm/outer.bicep' = [for n in ['a', 'b']: {\n  params: { n: n }\n}]";
    const out = load(text, { 'infra/m/outer.bicep': outer, 'infra/m/inner.bicep': inner });
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.name, r.related?.length]),
      [
        ['outer[0]>inner>site', 'a', 2],
        ['outer[1]>inner>site', 'b', 2],
      ],
    );
  });

  test('registry and template-spec modules are reported as unresolved, never dropped silently', () => {
    const text = "module a 'br/public:avm/res/web/site:0.1.0' = {\n  params: {}\n}\nmodule b 'ts:sub/rg/spec:1.0' = {\n  params: {}\n}";
    const out = load(text);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.code, d.severity, text.slice(d.ref!.start, d.ref!.end)]),
      [
        ['AZM2008', 'warning', "module a 'br/public:avm/res/web/site:0.1.0'"],
        ['AZM2008', 'warning', "module b 'ts:sub/rg/spec:1.0'"],
      ],
    );
    assert.match(out.diagnostics[0]!.message, /comes from a registry/);
    assert.match(out.diagnostics[1]!.message, /comes from a template spec/);
  });

  test('a missing local module is an error at the module declaration', () => {
    const out = load("module a './nope.bicep' = {\n  params: {}\n}");
    assert.equal(out.diagnostics[0]!.code, 'AZM2004');
    assert.match(out.diagnostics[0]!.message, /infra\/nope\.bicep/);
  });

  test('a module that calls itself is cut as a cycle', () => {
    const self = "module again './self.bicep' = {\n  params: {}\n}";
    const out = loadBicep('self.bicep', self, { readFile: files({ 'self.bicep': self }) });
    assert.equal(out.diagnostics.length, 1);
    assert.match(out.diagnostics[0]!.message, /cycle/);
  });
});

describe('bicep evaluator: parameter files and file functions', () => {
  const main = `param certMode string\nparam name string = 'app'\nresource site ${SITE} = {\n  name: name\n  properties: { clientCertMode: certMode }\n}`;

  test('.bicepparam values are applied to the template it uses', () => {
    const param = "using './main.bicep'\nvar m = 'Required'\nparam certMode = m\n";
    const out = loadBicepParam('infra/main.bicepparam', param, { readFile: files({ 'infra/main.bicep': main }) });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(r.file, 'infra/main.bicep');
    assert.equal(value(r, 'properties.clientCertMode'), 'Required');
    const via = attr(r, 'properties.clientCertMode').via!;
    assert.deepEqual(via.map((v) => [v.ref.file, v.message]), [
      ['infra/main.bicep', "value comes from parameter 'certMode'"],
      ['infra/main.bicepparam', "value comes from parameters file 'infra/main.bicepparam'"],
      ['infra/main.bicepparam', "value comes from variable 'm'"],
    ]);
  });

  test('a .bicepparam value for an undeclared parameter is reported', () => {
    const out = loadBicepParam('p.bicepparam', "using 'main.bicep'\nparam nope = 1", { readFile: files({ 'main.bicep': main }) });
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message]), [['AZM1102', "The template 'main.bicep' declares no parameter 'nope'."]]);
  });

  test('ARM parameter files supply values; Key Vault references stay secret', () => {
    const params = JSON.stringify({ parameters: { certMode: { value: 'OptionalInteractiveUser' }, name: { reference: { keyVault: { id: 'x' }, secretName: 's' } } } });
    const out = load(main, { 'p.json': params }, ['p.json']);
    const r = out.resources[0]!;
    assert.equal(value(r, 'properties.clientCertMode'), 'OptionalInteractiveUser');
    assert.equal(r.nameResolved, false);
    assert.ok(out.sources.has('p.json'));
  });

  test('loadJsonContent and loadTextContent read relative to the Bicep file', () => {
    const text = `var cfg = loadJsonContent('cfg/settings.json')\nvar n = loadTextContent('name.txt')\nresource site ${SITE} = {\n  name: n\n  properties: { clientCertMode: cfg.mode }\n}`;
    const out = load(text, { 'infra/cfg/settings.json': '{ // comment\n "mode": "Required" }', 'infra/name.txt': 'from-file' });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources[0]!.name, 'from-file');
    assert.equal(value(out.resources[0]!, 'properties.clientCertMode'), 'Required');
  });
});

describe('bicep frontend: references, syntax errors', () => {
  test('bicepReferences lists local modules, using targets and imports as display paths', () => {
    const text = "import { a } from '../lib/types.bicep'\nmodule m './mods/app.bicep' = {}\nmodule r 'br/public:x:1' = {}";
    assert.deepEqual(bicepReferences('infra/main.bicep', text), ['lib/types.bicep', 'infra/mods/app.bicep']);
    assert.deepEqual(bicepReferences('infra/dev.bicepparam', "using './main.bicep'\nparam a = 1"), ['infra/main.bicep']);
  });

  test('bicepReferences: the keywords decide only when they are declarations; a file without them refers to nothing', () => {
    // Words in comments, strings and names: no declaration, nothing referred to.
    const words = "// module m './x.bicep' = {}\nvar s = 'import from ./y.bicep'\nvar module_name = 'using'\nresource site " + SITE + " = { name: 'a' }";
    assert.deepEqual(bicepReferences('infra/main.bicep', words), []);
    assert.deepEqual(bicepReferences('infra/main.bicep', `resource site ${SITE} = {\n  name: 'a'\n}`), []);
    // One real declaration among them is found.
    assert.deepEqual(bicepReferences('infra/main.bicep', `${words}\n@batchSize(1)\nmodule m 'mods/app.bicep' = {}`), ['infra/mods/app.bicep']);
    assert.deepEqual(bicepReferences('infra/main.bicep', "extends '../base.bicep'\n"), ['base.bicep']);
  });

  test('syntax errors are AZM1101 diagnostics with exact offsets, and valid resources still lower', () => {
    const text = `param 1bad string\nresource site ${SITE} = {\n  name: 'ok'\n}`;
    const out = load(text);
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.ref?.start, d.ref?.end]), [['AZM1101', 6, 7]]);
    assert.equal(out.resources[0]!.name, 'ok');
  });

  test('a .bicepparam syntax error is AZM1102', () => {
    const out = loadBicepParam('p.bicepparam', "using 'main.bicep'\nparam = 1", { readFile: files({ 'main.bicep': main2() }) });
    assert.equal(out.diagnostics[0]!.code, 'AZM1102');
  });

  test('deeply nested input is capped with AZM1003', () => {
    const text = `var deep = ${'['.repeat(10_000)}${']'.repeat(10_000)}\nresource site ${SITE} = {\n  name: 'ok'\n}`;
    const out = load(text);
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['AZM1003']);
    assert.equal(out.resources[0]!.name, 'ok');
  });
});

function main2(): string {
  return `resource site ${SITE} = {\n  name: 'x'\n}`;
}

describe('bicep evaluator: what a scan lowers', () => {
  const text = [
    "resource plan 'Microsoft.Web/serverfarms@2022-03-01' = {",
    "  name: 'plan'",
    '}',
    `resource site ${SITE} = {`,
    "  name: 'app'",
    '  properties: { clientCertEnabled: true }',
    "  resource slot 'slots' = {",
    "    name: 'staging'",
    '  }',
    "  resource cfg 'config' = {",
    "    name: 'web'",
    '  }',
    '}',
    "resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {",
    "  name: 'apim'",
    "  resource gw 'gateways' = {",
    "    name: 'gw'",
    "    resource hc 'hostnameConfigurations' = {",
    "      name: 'h'",
    '      properties: { negotiateClientCertificate: false }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const types = (out: { resources: Resource[] }) => out.resources.map((r) => r.type).sort();

  test('resources of types no rule judges are not lowered; judged children under them are', () => {
    const out = loadBicep('infra/main.bicep', text, { readFile: files({}) });
    assert.deepEqual(types(out), [
      'Microsoft.ApiManagement/service',
      'Microsoft.ApiManagement/service/gateways/hostnameConfigurations',
      'Microsoft.Web/sites',
      'Microsoft.Web/sites/slots',
    ]);
    const hc = out.resources.find((r) => r.type.endsWith('/hostnameConfigurations'))!;
    assert.equal(hc.name, 'apim/gw/h');
    assert.equal(value(hc, 'properties.negotiateClientCertificate'), false);
    assert.equal(value(out.resources.find((r) => r.type === 'Microsoft.Web/sites')!, 'properties.clientCertEnabled'), true);
  });

  test('a judged resource declared with parent: under a skipped one keeps its composed name', () => {
    const chain = [
      "resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {",
      "  name: 'apim'",
      '}',
      "resource gw 'Microsoft.ApiManagement/service/gateways@2023-05-01-preview' = {",
      '  parent: apim',
      "  name: 'gw'",
      '}',
      "resource hc 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations@2023-05-01-preview' = {",
      '  parent: gw',
      "  name: 'h'",
      '  properties: { negotiateClientCertificate: true }',
      '}',
    ].join('\n');
    const out = loadBicep('infra/main.bicep', chain, { readFile: files({}) });
    assert.deepEqual(types(out), ['Microsoft.ApiManagement/service', 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations']);
    const hc = out.resources.find((r) => r.type.endsWith('/hostnameConfigurations'))!;
    assert.equal(hc.name, 'apim/gw/h');
    assert.equal(value(hc, 'properties.negotiateClientCertificate'), true);
  });

  test('asked for every resource (conformance compares them with the compiled ARM), all are lowered', () => {
    const out = loadBicep('infra/main.bicep', text, { readFile: files({}), evaluateEveryTemplate: true });
    assert.deepEqual(types(out), [
      'Microsoft.ApiManagement/service',
      'Microsoft.ApiManagement/service/gateways',
      'Microsoft.ApiManagement/service/gateways/hostnameConfigurations',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.Web/sites/config',
      'Microsoft.Web/sites/slots',
    ]);
  });
});
