import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SourceText } from '../../core/source.js';
import { attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import type { VNode } from '../../model/value.js';
import { loadArm, type ArmLimits } from './index.js';
import { KEY_VAULT_REASON } from './parameters.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function tpl(body: Record<string, unknown>): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

function load(files: Record<string, string>, opts: { main?: string; parameterFiles?: string[]; limits?: Partial<ArmLimits> } = {}) {
  const main = opts.main ?? 'infra/main.json';
  const readFile = (p: string): string => {
    const t = files[p];
    if (t === undefined) throw new Error(`ENOENT: no such file '${p}'`);
    return t;
  };
  // Every resource is lowered: these tests are about the evaluator's semantics, whatever the type.
  return loadArm(main, files[main]!, { readFile, parameterFiles: opts.parameterFiles, limits: opts.limits, evaluateEveryTemplate: true });
}

function site(props: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: 'Microsoft.Web/sites', apiVersion: '2022-09-01', name: 'app', properties: props, ...extra };
}

function value(r: Resource, path: string): VNode | undefined {
  return attr(r, path).node;
}

function scalarOf(r: Resource, path: string): unknown {
  const n = value(r, path);
  assert.ok(n, `no ${path}`);
  if (n.t === 'scalar') return n.value;
  if (n.t === 'unresolved') return { unresolved: n.expression, reason: n.reason, ...(n.candidates ? { candidates: n.candidates } : {}) };
  return n.t;
}

function codes(out: { diagnostics: { code: string }[] }): string[] {
  return out.diagnostics.map((d) => d.code);
}

describe('ARM resources', () => {
  test('literal body keeps exact positions: property span and value span', () => {
    const text = tpl({ resources: [site({ clientCertEnabled: true })] });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources.length, 1);
    const r = out.resources[0]!;
    assert.deepEqual([r.source, r.type, r.name, r.nameResolved, r.apiVersion, r.address, r.file], ['arm', 'Microsoft.Web/sites', 'app', true, '2022-09-01', 'Microsoft.Web/sites/app', 'infra/main.json']);
    const a = attr(r, 'properties.clientCertEnabled');
    const start = text.indexOf('"clientCertEnabled"');
    assert.deepEqual(a.ref, { file: 'infra/main.json', start, end: start + '"clientCertEnabled": true'.length });
    assert.deepEqual(a.node!.ref, { file: 'infra/main.json', start: text.indexOf('true', start), end: text.indexOf('true', start) + 4 });
    const loc = new SourceText('infra/main.json', text).locate(a.ref!);
    assert.deepEqual([loc.startLine, loc.startColumn], [10, 9]);
    assert.equal(r.ref!.start, text.indexOf('{', text.indexOf('"resources"')));
    assert.equal(r.nameRef!.start, text.indexOf('"app"'));
  });

  test('nested children compose type and name; full-type nested children and top-level children too', () => {
    const text = tpl({
      resources: [
        site({}, {
          resources: [
            { type: 'slots', apiVersion: '2022-09-01', name: 'staging', properties: { clientCertEnabled: false } },
            { type: 'Microsoft.Web/sites/config', apiVersion: '2022-09-01', name: 'web', properties: {} },
            { type: 'Microsoft.Web/sites/config', apiVersion: '2022-09-01', name: 'app/logs', properties: {} },
          ],
        }),
        { type: 'Microsoft.Web/sites/slots', apiVersion: '2022-09-01', name: 'app/blue', properties: {} },
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(
      out.resources.map((r) => [r.type, r.name, r.address]),
      [
        ['Microsoft.Web/sites', 'app', 'Microsoft.Web/sites/app'],
        ['Microsoft.Web/sites/slots', 'app/staging', 'Microsoft.Web/sites/slots/app/staging'],
        ['Microsoft.Web/sites/config', 'app/web', 'Microsoft.Web/sites/config/app/web'],
        ['Microsoft.Web/sites/config', 'app/logs', 'Microsoft.Web/sites/config/app/logs'],
        ['Microsoft.Web/sites/slots', 'app/blue', 'Microsoft.Web/sites/slots/app/blue'],
      ],
    );
    assert.equal(scalarOf(out.resources[1]!, 'properties.clientCertEnabled'), false);
    assert.equal(value(out.resources[0]!, 'resources'), undefined, 'structural keys are not part of the body');
  });

  test('copy gives one resource per instance with copyIndex bound, and property copy builds arrays', () => {
    const text = tpl({
      variables: { names: ['a', 'b', 'c'] },
      resources: [
        site(
          {
            order: '[copyIndex(1)]',
            copy: [{ name: 'paths', count: 2, input: { index: "[copyIndex('paths')]", site: '[copyIndex()]' } }],
          },
          { name: "[variables('names')[copyIndex()]]", copy: { name: 'sites', count: 3 } },
        ),
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.deepEqual(out.resources.map((r) => [r.name, r.address, scalarOf(r, 'properties.order')]), [
      ['a', 'Microsoft.Web/sites/a', 1],
      ['b', 'Microsoft.Web/sites/b', 2],
      ['c', 'Microsoft.Web/sites/c', 3],
    ]);
    const paths = value(out.resources[2]!, 'properties.paths');
    assert.equal(paths?.t, 'array');
    if (paths?.t !== 'array') return;
    assert.deepEqual(
      paths.items.map((i) => (i.t === 'object' ? [...i.props.values()].map((p) => (p.value.t === 'scalar' ? p.value.value : '?')) : '?')),
      [
        [0, 2],
        [1, 2],
      ],
    );
  });

  test('variable copy and object-level copy inside a variable', () => {
    const text = tpl({
      variables: {
        copy: [{ name: 'ports', count: 3, input: "[copyIndex('ports')]" }],
        rules: { copy: [{ name: 'items', count: 2, input: { n: "[copyIndex('items', 10)]" } }] },
      },
      resources: [site({ ports: "[variables('ports')]", second: "[variables('rules').items[1].n]" })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const ports = value(out.resources[0]!, 'properties.ports');
    assert.deepEqual(ports?.t === 'array' && ports.items.map((i) => (i.t === 'scalar' ? i.value : '?')), [0, 1, 2]);
    assert.equal(scalarOf(out.resources[0]!, 'properties.second'), 11);
  });

  test('an unresolved copy count gives one instance with an unresolved name', () => {
    const text = tpl({
      parameters: { n: { type: 'int' } },
      resources: [site({ order: '[copyIndex()]' }, { name: "[concat('app-', copyIndex())]", copy: { name: 'sites', count: "[parameters('n')]" } })],
    });
    const out = load({ 'infra/main.json': text });
    assert.equal(out.resources.length, 1);
    const r = out.resources[0]!;
    assert.deepEqual([r.name, r.nameResolved, r.address], ["[concat('app-', copyIndex())]", false, "Microsoft.Web/sites/[concat('app-', copyIndex())][*]"]);
    assert.deepEqual(scalarOf(r, 'properties.order'), {
      unresolved: '[copyIndex()]',
      reason: "the number of instances of 'sites' is not known: parameter 'n' has no default and no value was supplied",
    });
  });

  test('a copy count beyond the limit is capped with AZM2006', () => {
    const text = tpl({ resources: [site({}, { name: "[string(copyIndex())]", copy: { name: 's', count: 50 } })] });
    const out = load({ 'infra/main.json': text }, { limits: { maxCopy: 5 } });
    assert.equal(out.resources.length, 5);
    assert.deepEqual(codes(out), ['AZM2006']);
    assert.equal(out.diagnostics[0]!.message, 'The copy count 50 exceeds the limit of 5; only the first 5 are evaluated');
  });

  test('condition: known false drops the resource, unresolved is recorded with its expression', () => {
    const text = tpl({
      parameters: { off: { type: 'bool', defaultValue: false }, maybe: { type: 'bool' } },
      resources: [
        site({}, { name: 'never', condition: false }),
        site({}, { name: 'off', condition: "[parameters('off')]" }),
        site({}, { name: 'maybe', condition: "[parameters('maybe')]" }),
        site({}, { name: 'always', condition: "[not(parameters('off'))]" }),
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.resources.map((r) => r.name), ['maybe', 'always']);
    const c = out.resources[0]!.condition!;
    assert.equal(c.expression, "[parameters('maybe')]");
    assert.equal(c.reason, "parameter 'maybe' has no default and no value was supplied");
    assert.equal(c.ref!.start, text.indexOf(`"[parameters('maybe')]"`));
    assert.equal(out.resources[1]!.condition, undefined);
  });

  test('languageVersion 2.0: symbolic names are addresses, existing is kept, copies are indexed', () => {
    const text = tpl({
      languageVersion: '2.0',
      resources: {
        plan: { type: 'Microsoft.Web/serverfarms', apiVersion: '2022-09-01', existing: true, name: 'plan' },
        web: site({ clientCertEnabled: true }, { name: "[format('app-{0}', copyIndex())]", copy: { name: 'web', count: 2 } }),
      },
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.deepEqual(out.resources.map((r) => [r.address, r.name, r.existing ?? false]), [
      ['plan', 'plan', true],
      ['web[0]', 'app-0', false],
      ['web[1]', 'app-1', false],
    ]);
  });

  test('shape errors are reported at the node and the rest goes on', () => {
    const text = tpl({ resources: ['oops', { name: 'x' }, site({})] });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(codes(out), ['AZM1002', 'AZM1002']);
    assert.equal(out.diagnostics[0]!.message, 'A resource must be an object');
    assert.equal(out.diagnostics[0]!.ref!.start, text.indexOf('"oops"'));
    assert.equal(out.diagnostics[1]!.message, "A resource needs a 'type' string");
    assert.equal(out.resources.length, 1);
    const bad = load({ 'infra/main.json': tpl({ resources: 'none', parameters: [] }) });
    assert.deepEqual(bad.diagnostics.map((d) => d.message), ["'parameters' must be an object", "'resources' must be an array (or an object of symbolic names)"]);
  });
});

describe('ARM parameters and variables', () => {
  const template = tpl({
    parameters: {
      mode: { type: 'string', allowedValues: ['Required', 'Optional'] },
      enabled: { type: 'bool', defaultValue: true },
      secret: { type: 'securestring', defaultValue: 'hunter2' },
      kv: { type: 'string' },
      derived: { type: 'string', defaultValue: "[parameters('mode')]" },
    },
    variables: { modeVar: "[parameters('mode')]" },
    resources: [
      site({
        clientCertEnabled: "[parameters('enabled')]",
        clientCertMode: "[parameters('mode')]",
        viaVar: "[variables('modeVar')]",
        password: "[parameters('secret')]",
        kv: "[parameters('kv')]",
        derived: "[parameters('derived')]",
      }),
    ],
  });

  test('defaults, allowedValues candidates, secure values and provenance', () => {
    const out = load({ 'infra/main.json': template });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(scalarOf(r, 'properties.clientCertEnabled'), true);
    assert.deepEqual(scalarOf(r, 'properties.clientCertMode'), {
      unresolved: "[parameters('mode')]",
      reason: 'parameter \'mode\' has no default and no value was supplied (allowed: "Required", "Optional")',
      candidates: ['Required', 'Optional'],
    });
    assert.deepEqual(scalarOf(r, 'properties.password'), { unresolved: "[parameters('secret')]", reason: 'secure parameter value is not read' });
    const mode = attr(r, 'properties.clientCertMode');
    assert.equal(mode.via![0]!.message, "value comes from parameter 'mode'");
    assert.equal(mode.via![0]!.ref.start, template.indexOf('"mode": {'));
    assert.equal(attr(r, 'properties.viaVar').via![0]!.message, "value comes from variable 'modeVar'");
    assert.ok(!JSON.stringify(out.resources, (_k, v: unknown) => (v instanceof Map ? [...v.values()] : v)).includes('hunter2'));
  });

  test('parameter files supply values; Key Vault references and secure values are never read', () => {
    const params = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        mode: { value: 'Optional' },
        secret: { value: 'p@ss' },
        kv: { reference: { keyVault: { id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z' }, secretName: 's' } },
      },
    });
    const out = load({ 'infra/main.json': template, 'infra/main.parameters.json': params }, { parameterFiles: ['infra/main.parameters.json'] });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(scalarOf(r, 'properties.clientCertMode'), 'Optional');
    assert.equal(scalarOf(r, 'properties.derived'), 'Optional');
    assert.deepEqual(scalarOf(r, 'properties.kv'), { unresolved: "[parameters('kv')]", reason: KEY_VAULT_REASON });
    assert.deepEqual(scalarOf(r, 'properties.password'), { unresolved: "[parameters('secret')]", reason: 'secure parameter value is not read' });
    assert.ok(out.sources.has('infra/main.parameters.json'));
  });

  test('a broken or missing parameters file is reported', () => {
    const out = load({ 'infra/main.json': template, 'p.json': '{"parameters": {"mode": 3}}' }, { parameterFiles: ['p.json', 'missing.json'] });
    assert.deepEqual(codes(out), ['AZM1006', 'AZM1000']);
    assert.equal(out.diagnostics[0]!.message, "The parameter 'mode' must be an object with a 'value' or a 'reference'");
    assert.equal(out.diagnostics[1]!.file, 'missing.json');
  });

  test('variables referring to each other in a cycle give one AZM2002 and unresolved values', () => {
    const text = tpl({
      variables: { a: "[variables('b')]", b: "[variables('a')]" },
      resources: [site({ x: "[variables('a')]", y: "[variables('b')]" })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(codes(out), ['AZM2002']);
    assert.equal(out.diagnostics[0]!.message, 'The variables reference each other in a cycle: a -> b -> a');
    assert.deepEqual(scalarOf(out.resources[0]!, 'properties.x'), { unresolved: "[variables('a')]", reason: 'variables reference each other in a cycle: a -> b -> a' });
  });

  test('undeclared names are AZM2007', () => {
    const out = load({ 'infra/main.json': tpl({ resources: [site({ x: "[variables('nope')]" })] }) });
    assert.deepEqual(codes(out), ['AZM2007']);
    assert.deepEqual(scalarOf(out.resources[0]!, 'properties.x'), { unresolved: "[variables('nope')]", reason: "variable 'nope' is not declared" });
  });

  test('if() evaluates only the branch taken; an unknown condition with equal branches still decides', () => {
    const text = tpl({
      parameters: { on: { type: 'bool', defaultValue: true }, unknown: { type: 'bool' } },
      resources: [
        site({
          taken: "[if(parameters('on'), 'Required', variables('missing'))]",
          same: "[if(parameters('unknown'), 'Required', 'Required')]",
          differ: "[if(parameters('unknown'), 'Required', 'Optional')]",
        }),
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(scalarOf(r, 'properties.taken'), 'Required');
    assert.equal(scalarOf(r, 'properties.same'), 'Required');
    assert.deepEqual(scalarOf(r, 'properties.differ'), {
      unresolved: "[if(parameters('unknown'), 'Required', 'Optional')]",
      reason: "depends on the condition 'parameters('unknown')': parameter 'unknown' has no default and no value was supplied",
      candidates: ['Required', 'Optional'],
    });
  });

  test('user-defined functions, reference() and list*() ', () => {
    const text = tpl({
      functions: [{ namespace: 'contoso', members: { mode: { parameters: [{ name: 'strict', type: 'bool' }], output: { type: 'string', value: "[if(parameters('strict'), 'Required', 'Optional')]" } } } }],
      resources: [site({ m: '[contoso.mode(true)]', r: "[reference('x').outputs]", k: "[listKeys('x', '2020-01-01').keys[0]]" })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(scalarOf(r, 'properties.m'), 'Required');
    assert.deepEqual(scalarOf(r, 'properties.r'), { unresolved: "[reference('x').outputs]", reason: 'known only after deployment' });
    assert.deepEqual(scalarOf(r, 'properties.k'), { unresolved: "[listKeys('x', '2020-01-01').keys[0]]", reason: 'known only after deployment' });
  });

  test('lambdas bind lambdaVariables() for the function library', () => {
    const text = tpl({
      resources: [site({ m: "[map(createArray(1, 2), lambda('x', add(lambdaVariables('x'), 10)))]", f: "[first(filter(createArray('a', 'bb'), lambda('s', equals(length(lambdaVariables('s')), 2))))]" })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const m = value(out.resources[0]!, 'properties.m');
    assert.deepEqual(m?.t === 'array' && m.items.map((i) => (i.t === 'scalar' ? i.value : '?')), [11, 12]);
    assert.equal(scalarOf(out.resources[0]!, 'properties.f'), 'bb');
  });

  test('exponentially many variable references are cheap thanks to memoization', () => {
    const variables: Record<string, string> = { v40: 'leaf' };
    for (let i = 0; i < 40; i++) variables[`v${i}`] = `[if(parameters('u'), variables('v${i + 1}'), variables('v${i + 1}'))]`;
    const text = tpl({ parameters: { u: { type: 'bool' } }, variables, resources: [site({ x: "[variables('v0')]" })] });
    // Without memoization this is 2^40 evaluations: the step budget would stop it and 'x' would be unresolved.
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(scalarOf(out.resources[0]!, 'properties.x'), 'leaf');
  });

  test('the step budget stops evaluation with AZM2006', () => {
    const text = tpl({ resources: [site({ x: '[copyIndex()]' }, { name: '[string(copyIndex())]', copy: { name: 's', count: 100 } })] });
    const out = load({ 'infra/main.json': text }, { limits: { maxSteps: 50 } });
    assert.deepEqual(codes(out), ['AZM2006']);
    assert.equal(out.diagnostics[0]!.message, 'The template needs more than 50 evaluation steps; the rest is not evaluated');
    assert.ok(out.resources.length < 100);
  });
});

describe('ARM nested deployments', () => {
  const nested = (props: Record<string, unknown>, name = 'inner') => ({ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name, properties: { mode: 'Incremental', ...props } });

  test('inner scope: parameters evaluated in the outer template, the inner template in its own scope', () => {
    const text = tpl({
      parameters: { mode: { type: 'string', defaultValue: 'Required' } },
      variables: { shadow: 'outer' },
      resources: [
        nested({
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: { certMode: { value: "[parameters('mode')]" } },
          template: {
            $schema: SCHEMA,
            contentVersion: '1.0.0.0',
            parameters: { certMode: { type: 'string' } },
            variables: { shadow: 'inner' },
            resources: [site({ clientCertMode: "[parameters('certMode')]", v: "[variables('shadow')]", d: '[deployment().name]' })],
          },
        }),
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources.length, 1);
    const r = out.resources[0]!;
    assert.equal(r.address, 'Microsoft.Resources/deployments/inner>Microsoft.Web/sites/app');
    assert.equal(scalarOf(r, 'properties.clientCertMode'), 'Required');
    assert.equal(scalarOf(r, 'properties.v'), 'inner');
    assert.equal(scalarOf(r, 'properties.d'), 'inner');
    assert.deepEqual(r.related, [{ ref: { file: 'infra/main.json', start: text.indexOf('{', text.indexOf('"resources"')), end: r.related![0]!.ref.end }, message: "deployed by nested deployment 'inner'" }]);
  });

  test('outer scope (the default): inner expressions see the outer parameters and variables', () => {
    const text = tpl({
      parameters: { mode: { type: 'string', defaultValue: 'Optional' } },
      variables: { name: 'outer-app' },
      resources: [nested({ template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [site({ clientCertMode: "[parameters('mode')]" }, { name: "[variables('name')]" })] } })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources[0]!.name, 'outer-app');
    assert.equal(scalarOf(out.resources[0]!, 'properties.clientCertMode'), 'Optional');
  });

  test('relativePath loads the linked file relative to the template; uri is a warning', () => {
    const linked = tpl({ parameters: { enabled: { type: 'bool' } }, resources: [site({ clientCertEnabled: "[parameters('enabled')]" })] });
    const text = tpl({
      resources: [
        nested({ templateLink: { relativePath: 'modules/site.json' }, parameters: { enabled: { value: false } } }, 'linked'),
        nested({ templateLink: { uri: 'https://example.com/t.json' } }, 'remote'),
        nested({ templateLink: { relativePath: 'modules/missing.json' } }, 'missing'),
      ],
    });
    const out = load({ 'infra/main.json': text, 'infra/modules/site.json': linked });
    assert.equal(out.resources.length, 1);
    const r = out.resources[0]!;
    assert.equal(r.file, 'infra/modules/site.json');
    assert.equal(scalarOf(r, 'properties.clientCertEnabled'), false);
    assert.equal(attr(r, 'properties.clientCertEnabled').ref!.file, 'infra/modules/site.json');
    assert.ok(out.sources.has('infra/modules/site.json'));
    assert.deepEqual(codes(out), ['AZM2008', 'AZM2004']);
    assert.equal(out.diagnostics[0]!.message, "The linked template 'https://example.com/t.json' of 'remote' is not evaluated; its resources are not scanned");
    assert.equal(out.diagnostics[0]!.severity, 'warning');
    assert.match(out.diagnostics[1]!.message, /^The linked template 'infra\/modules\/missing.json' could not be read/);
  });

  test('nested deployments inside copy loops and nested in each other compose addresses', () => {
    const innerMost = { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { i: { type: 'int' } }, resources: [site({ i: "[parameters('i')]" }, { name: "[concat('app', parameters('i'))]" })] };
    const text = tpl({
      resources: [
        {
          ...nested({ expressionEvaluationOptions: { scope: 'inner' }, parameters: { i: { value: '[copyIndex()]' } }, template: innerMost }, "[concat('d', copyIndex())]"),
          copy: { name: 'd', count: 2 },
        },
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.deepEqual(out.resources.map((r) => [r.name, r.address]), [
      ['app0', 'Microsoft.Resources/deployments/d0>Microsoft.Web/sites/app0'],
      ['app1', 'Microsoft.Resources/deployments/d1>Microsoft.Web/sites/app1'],
    ]);
  });
});

describe('ARM files', () => {
  test('syntax errors in expressions are reported at their line and column', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [
    {
      "type": "Microsoft.Web/sites",
      "name": "[concat('a', ]",
      "properties": { "note": "say \\"hi\\" [x]", "bad": "[concat('\\u0041', ,)]" }
    }
  ]
}`;
    const out = load({ 'infra/main.json': text });
    const src = new SourceText('infra/main.json', text);
    assert.deepEqual(codes(out), ['AZM1005', 'AZM1005']);
    const first = src.locate(out.diagnostics[0]!.ref!);
    assert.deepEqual([first.startLine, first.startColumn], [6, 29]);
    assert.equal(text[out.diagnostics[0]!.ref!.start], ']');
    // The JSON escapes before the error shift the position; it still lands on the second comma.
    const second = out.diagnostics[1]!.ref!;
    assert.equal(text[second.start], ',');
    assert.equal(text.slice(second.start - 10, second.start + 1), "'\\u0041', ,");
    assert.equal(out.resources[0]!.nameResolved, false);
    assert.equal(out.resources[0]!.name, "[concat('a', ]");
  });

  test('JSON syntax errors are AZM1001 at their offset and the partial tree is still used', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [ { "type": "Microsoft.Web/sites", "name": "app", "properties": { "clientCertEnabled": true, } } ],
  "outputs": { "x": }
}`;
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(codes(out), ['AZM1001']);
    assert.equal(out.diagnostics[0]!.message, 'JSON syntax error: value expected');
    const loc = new SourceText('infra/main.json', text).locate(out.diagnostics[0]!.ref!);
    assert.deepEqual([loc.startLine, loc.startColumn], [4, 21]);
    assert.equal(out.resources.length, 1);
  });

  test('comments, trailing commas, a BOM and multi-line strings are accepted', () => {
    const text = `\ufeff{
  // a comment
  "$schema": "${SCHEMA}", /* another */
  "resources": [
    { "type": "Microsoft.Web/sites", "name": "[concat('a',
        'pp')]", "properties": { "script": "line1
line2", }, },
  ],
}`;
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources[0]!.name, 'app');
    assert.equal(scalarOf(out.resources[0]!, 'properties.script'), 'line1\nline2');
    assert.equal(out.sources.get('infra/main.json')!.text, text.slice(1));
  });

  test('10,000 levels of nesting give one AZM1003 and no crash', () => {
    const text = `{"resources": [${'['.repeat(10_000)}${']'.repeat(10_000)}]}`;
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(codes(out), ['AZM1003']);
    assert.equal(out.diagnostics[0]!.ref!.start, 512 - 1 + '{"resources": '.length);
    assert.deepEqual(out.resources, []);
    const broken = load({ 'infra/main.json': `{"resources": [${'['.repeat(10_000)}` });
    assert.deepEqual(codes(broken), ['AZM1003']);
  });

  test('a 5 MB template parses and lowers every resource', () => {
    const resources = [];
    for (let i = 0; i < 12_000; i++) {
      resources.push(site({ clientCertEnabled: i % 2 === 0, clientCertMode: 'Required', siteConfig: { appSettings: [{ name: 'A', value: 'x'.repeat(200) }] } }, { name: `app-${i}` }));
    }
    const text = tpl({ resources });
    assert.ok(text.length > 5_000_000);
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(out.resources.length, 12_000);
    assert.equal(scalarOf(out.resources[11_999]!, 'properties.clientCertEnabled'), false);
  });
});
