import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { Unresolved, type VNode } from '../../model/value.js';
import { deploymentWithProperties, expand, fastParse, resourceWithBody, type JNode } from './fastjson.js';
import { loadArm, type Supplied } from './index.js';
import { child, keyOf, literalValue } from './jsonc.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function tpl(body: Record<string, unknown>): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

function load(files: Record<string, string>, opts: { main?: string; parameters?: Map<string, Supplied> } = {}) {
  const main = opts.main ?? 'infra/main.json';
  const readFile = (p: string): string => {
    const t = files[p];
    if (t === undefined) throw new Error(`ENOENT: no such file '${p}'`);
    return t;
  };
  // Every resource is lowered: these tests are about the evaluator's semantics, whatever the type.
  return loadArm(main, files[main]!, { readFile, parameters: opts.parameters, evaluateEveryTemplate: true });
}

function site(props: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: 'Microsoft.Web/sites', apiVersion: '2022-09-01', name: 'app', properties: props, ...extra };
}

function node(r: Resource, path: string): VNode {
  const n = attr(r, path).node;
  assert.ok(n, `no ${path}`);
  return n;
}

function scalarOf(r: Resource, path: string): unknown {
  const n = node(r, path);
  if (n.t === 'scalar') return n.value;
  if (n.t === 'unresolved') return { unresolved: n.expression, reason: n.reason };
  return n.t;
}

describe('ARM parameter defaults of the wrong type', () => {
  const text = tpl({
    parameters: {
      tagValues: { type: 'object', defaultValue: '' },
      count: { type: 'int', defaultValue: '' },
      fine: { type: 'int', defaultValue: '12' },
      names: { type: 'array', defaultValue: {} },
      mode: { type: 'string', defaultValue: 'Required' },
      enabled: { type: 'bool', defaultValue: 'true' },
    },
    resources: [
      site({ a: "[parameters('tagValues').program]", b: "[parameters('tagValues').project]", mode: "[parameters('mode')]" }),
      { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2023-03-01', name: "[concat('vm', copyIndex())]", copy: { name: 'vms', count: "[parameters('count')]" } },
      { type: 'Microsoft.Compute/disks', apiVersion: '2023-03-01', name: "[concat('disk', copyIndex())]", copy: { name: 'disks', count: "[parameters('fine')]" } },
      { type: 'Microsoft.Compute/images', apiVersion: '2023-03-01', name: "[concat('img', copyIndex())]", copy: { name: 'images', count: "[length(parameters('names'))]" } },
    ],
  });

  test('are unresolved with one warning at the declaration instead of an error at every use', () => {
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(
      out.diagnostics.map((d) => [d.code, d.severity, d.message, text.slice(d.ref!.start, text.indexOf(':', d.ref!.start))]),
      [
        ['AZM2009', 'warning', "The default value of parameter 'tagValues' is string \"\", not of the declared type 'object'; the parameter is treated as unresolved", '"tagValues"'],
        ['AZM2009', 'warning', "The default value of parameter 'count' is string \"\", not of the declared type 'int'; the parameter is treated as unresolved", '"count"'],
        ['AZM2009', 'warning', "The default value of parameter 'names' is an object, not of the declared type 'array'; the parameter is treated as unresolved", '"names"'],
      ],
    );
    const r = out.resources[0]!;
    const reason = "the default value does not match the declared type 'object'; the value must come from the caller";
    assert.deepEqual(scalarOf(r, 'properties.a'), { unresolved: "[parameters('tagValues').program]", reason });
    assert.deepEqual(scalarOf(r, 'properties.b'), { unresolved: "[parameters('tagValues').project]", reason });
    assert.equal(scalarOf(r, 'properties.mode'), 'Required');
  });

  test('an unresolved copy count from such a parameter gives one [*] instance, not an error', () => {
    const out = load({ 'infra/main.json': text });
    const vms = out.resources.filter((r) => r.type === 'Microsoft.Compute/virtualMachines');
    assert.deepEqual(vms.map((r) => [r.address, r.nameResolved]), [["Microsoft.Compute/virtualMachines/[concat('vm', copyIndex())][*]", false]]);
    assert.equal(vms[0]!.condition?.expression, "parameters('count') > 0");
    assert.equal(out.resources.filter((r) => r.type === 'Microsoft.Compute/disks').length, 12);
    assert.equal(out.resources.filter((r) => r.type === 'Microsoft.Compute/images').length, 1);
    assert.equal(out.diagnostics.filter((d) => d.severity === 'error').length, 0);
  });
});

describe('ARM nested deployment parameters', () => {
  const nested = (props: Record<string, unknown>, name = 'inner') => ({
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name,
    properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, ...props },
  });
  const inner = {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { kind: { type: 'string', defaultValue: 'app' }, modes: { type: 'array', defaultValue: [] } },
    resources: [site({ kind: "[parameters('kind')]", modes: "[parameters('modes')]" })],
  };

  test('an entry that is one expression yielding { value } is evaluated (Bicep conditional module arguments)', () => {
    const text = tpl({
      parameters: { container: { type: 'bool', defaultValue: true }, unknown: { type: 'bool' } },
      resources: [
        nested({
          template: inner,
          parameters: {
            kind: "[if(parameters('container'), createObject('value', 'app,linux,container'), createObject('value', 'app,linux'))]",
            modes: "[if(parameters('unknown'), createObject('value', createArray('a')), createObject('value', createArray('b')))]",
          },
        }),
      ],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const r = out.resources[0]!;
    assert.equal(scalarOf(r, 'properties.kind'), 'app,linux,container');
    assert.equal(node(r, 'properties.modes').t, 'unresolved');
  });

  test('an entry whose value is built by a copy loop (Bicep looped module arguments)', () => {
    const text = tpl({
      resources: [nested({ template: inner, parameters: { modes: { copy: [{ name: 'value', count: 2, input: "[format('m{0}', copyIndex('value'))]" }] } } })],
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics, []);
    const modes = node(out.resources[0]!, 'properties.modes');
    assert.equal(modes.t, 'array');
    assert.deepEqual(modes.t === 'array' ? modes.items.map((i) => (i.t === 'scalar' ? i.value : i.t)) : [], ['m0', 'm1']);
  });

  test('parametersLink with a relativePath reads the local parameters file; a URI is a warning', () => {
    const params = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', parameters: { kind: { value: 'functionapp' } } });
    const text = tpl({
      resources: [
        nested({ template: inner, parametersLink: { relativePath: 'nested/inner.parameters.json' } }, 'local'),
        nested({ template: inner, parametersLink: { uri: 'https://example.com/p.json' } }, 'remote'),
      ],
    });
    const out = load({ 'infra/main.json': text, 'infra/nested/inner.parameters.json': params });
    assert.deepEqual(out.resources.map((r) => scalarOf(r, 'properties.kind')), ['functionapp', 'app']);
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message]), [
      ['AZM2008', "The parameters file 'https://example.com/p.json' of 'remote' is not read; its parameters without defaults are unresolved"],
    ]);
    assert.ok(out.sources.has('infra/nested/inner.parameters.json'));
    const missing = load({ 'infra/main.json': tpl({ resources: [nested({ template: inner, parametersLink: { relativePath: 'gone.json' } })] }) });
    assert.deepEqual(missing.diagnostics.map((d) => d.code), ['AZM2004']);
  });

  test('a caller can supply parameter values, unresolved ones included', () => {
    const text = tpl({ parameters: { mode: { type: 'string', defaultValue: 'Optional' }, on: { type: 'bool' } }, resources: [site({ clientCertMode: "[parameters('mode')]", clientCertEnabled: "[parameters('on')]" })] });
    const parameters = new Map<string, Supplied>([
      ['Mode', { value: 'Required' }],
      ['on', { value: new Unresolved('enabled', 'module argument is not known') }],
    ]);
    const r = load({ 'infra/main.json': text }, { parameters }).resources[0]!;
    assert.equal(scalarOf(r, 'properties.clientCertMode'), 'Required');
    assert.deepEqual(scalarOf(r, 'properties.clientCertEnabled'), { unresolved: "[parameters('on')]", reason: 'module argument is not known' });
  });
});

describe('ARM copy loops of unknown length', () => {
  test('the [*] instance is deployed only when the count is not zero; a constant name stays resolved', () => {
    const text = tpl({
      parameters: { devices: { type: 'array' } },
      resources: [site({}, { name: 'default', copy: { name: 'edge', count: "[length(parameters('devices'))]" } })],
    });
    const out = load({ 'infra/main.json': text });
    const r = out.resources[0]!;
    assert.deepEqual([r.name, r.nameResolved, r.address], ['default', true, 'Microsoft.Web/sites/default']);
    assert.equal(r.condition?.expression, "length(parameters('devices')) > 0");
    assert.equal(r.condition?.reason, "the number of instances of 'edge' is not known: parameter 'devices' has no default and no value was supplied");
    assert.equal(text.slice(r.condition!.ref!.start, r.condition!.ref!.end), `"[length(parameters('devices'))]"`);
  });
});

describe('ARM object spreads as Bicep compiles them', () => {
  // `{ a: 1, ...(c ? { b: 2 } : {}) }` compiles to shallowMerge(createArray(…, if(c, …, createObject()))), or union in
  // older versions: with `c` not known, only the keys of its branches are unknown.
  const spread = (merge: 'shallowMerge' | 'union') =>
    merge === 'shallowMerge'
      ? "[shallowMerge(createArray(createObject('httpsOnly', true, 'siteConfig', createObject('minTlsVersion', '1.2')), if(parameters('strict'), createObject('clientCertEnabled', true, 'clientCertMode', 'Required'), createObject())))]"
      : "[union(createObject('httpsOnly', true, 'siteConfig', createObject('minTlsVersion', '1.2')), if(parameters('strict'), createObject('clientCertEnabled', true, 'clientCertMode', 'Required'), createObject()))]";

  for (const merge of ['shallowMerge', 'union'] as const) {
    test(`${merge}: the keys an undecided branch may set are unknown, every other key is known`, () => {
      const out = load({ 'infra/main.json': tpl({ parameters: { strict: { type: 'bool' } }, resources: [site({}, { properties: spread(merge) })] }) });
      const r = out.resources[0]!;
      assert.equal(scalarOf(r, 'properties.httpsOnly'), true);
      assert.equal(scalarOf(r, 'properties.siteConfig.minTlsVersion'), '1.2');
      const cert = scalarOf(r, 'properties.clientCertEnabled') as { unresolved: string; reason: string };
      assert.equal(cert.unresolved, "if(parameters('strict'), createObject('clientCertEnabled', true, 'clientCertMode', 'Required'), createObject())");
      assert.match(cert.reason, /^if\(parameters\('strict'\).* may or may not set it: depends on the condition 'parameters\('strict'\)': parameter 'strict' has no default/);
      assert.equal(attr(r, 'properties.clientCertExclusionPaths').node, undefined, 'a key no branch sets is known absent');
    });
  }

  test('decided, the merge is the value ARM computes; a branch that is not an object leaves the whole unknown', () => {
    const decided = load({
      'infra/main.json': tpl({ parameters: { strict: { type: 'bool', defaultValue: true } }, resources: [site({}, { properties: spread('shallowMerge') })] }),
    }).resources[0]!;
    assert.equal(scalarOf(decided, 'properties.clientCertMode'), 'Required');
    const opaque = load({
      'infra/main.json': tpl({
        parameters: { strict: { type: 'bool' }, extra: { type: 'object' } },
        resources: [site({}, { properties: "[shallowMerge(createArray(createObject('httpsOnly', true), if(parameters('strict'), parameters('extra'), createObject())))]" })],
      }),
    }).resources[0]!;
    assert.equal(node(opaque, 'properties').t, 'unresolved');
  });
});

describe('ARM existing resources', () => {
  test('faults in their own name are not reported; their deployed children still are', () => {
    const text = tpl({
      languageVersion: '2.0',
      parameters: { cmk: { type: 'object', nullable: true } },
      resources: {
        key: {
          existing: true,
          type: 'Microsoft.KeyVault/vaults/keys',
          apiVersion: '2024-11-01',
          name: "[format('{0}/{1}', last(split(tryGet(parameters('cmk'), 'keyVaultResourceId'), '/')), 'k')]",
        },
        vault: {
          existing: true,
          type: 'Microsoft.KeyVault/vaults',
          apiVersion: '2024-11-01',
          name: 'kv',
          resources: [{ type: 'secrets', apiVersion: '2024-11-01', name: "[split(parameters('cmk'), '/')[0]]" }],
        },
        // A judged resource: a template without one is not evaluated at all.
        app: { type: 'Microsoft.Web/sites', apiVersion: '2024-04-01', name: 'app', properties: {} },
      },
    });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message.slice(0, 40)]), [['AZM2001', "Cannot evaluate 'split(parameters('cmk')"]]);
    assert.deepEqual(out.resources.map((r) => [r.type, r.existing ?? false, r.nameResolved]), [
      ['Microsoft.KeyVault/vaults/keys', true, false],
      ['Microsoft.KeyVault/vaults', true, true],
      ['Microsoft.KeyVault/vaults/secrets', false, false],
      ['Microsoft.Web/sites', false, true],
    ]);
  });
});

describe('ARM provenance', () => {
  test('variables chain to the parameters they read; any expression links what it reads', () => {
    const text = tpl({
      parameters: { p: { type: 'string' }, q: { type: 'string', defaultValue: 'Required' } },
      variables: { x: "[parameters('p')]", y: "[variables('x')]" },
      resources: [site({ a: "[variables('y')]", b: "[format('{0}', parameters('q'))]", c: 'literal' })],
    });
    const out = load({ 'infra/main.json': text });
    const r = out.resources[0]!;
    const via = (path: string) => (node(r, path).via ?? []).map((v) => [v.message, text.slice(v.ref.start, v.ref.start + 5)]);
    assert.deepEqual(via('properties.a'), [
      ["value comes from variable 'y'", '"y": '],
      ["value comes from variable 'x'", '"x": '],
      ["value comes from parameter 'p'", '"p": '],
    ]);
    assert.deepEqual(via('properties.b'), [["value comes from parameter 'q'", '"q": ']]);
    assert.equal(node(r, 'properties.b').t, 'scalar');
    assert.deepEqual(via('properties.c'), []);
  });

  test('types take the catalogue casing; other types are kept as written', () => {
    const text = tpl({ resources: [site({}, { type: 'microsoft.web/SITES' }), { type: 'contoso.widgets/things', apiVersion: '1', name: 'w' }] });
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.resources.map((r) => [r.type, r.address]), [
      ['Microsoft.Web/sites', 'Microsoft.Web/sites/app'],
      ['contoso.widgets/things', 'contoso.widgets/things/w'],
    ]);
  });
});

describe('ARM bodies of resources no rule judges', () => {
  test('are evaluated when read, with positions, and their faults are not reported', () => {
    const text = tpl({
      parameters: { sku: { type: 'string', defaultValue: 'Standard_LRS' } },
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st', sku: { name: "[parameters('sku')]" }, properties: { bad: "[parameters('nope')]" } },
        site({ alsoBad: "[variables('nope')]" }),
      ],
    });
    const out = load({ 'infra/main.json': text });
    // Only the judged resource's fault is a diagnostic.
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message]), [['AZM2007', "The variable 'nope' is not declared"]]);
    const st = out.resources[0]!;
    assert.equal(scalarOf(st, 'sku.name'), 'Standard_LRS');
    assert.equal(text.slice(node(st, 'sku.name').ref!.start, node(st, 'sku.name').ref!.end), `"[parameters('sku')]"`);
    assert.deepEqual(scalarOf(st, 'properties.bad'), { unresolved: "[parameters('nope')]", reason: "parameter 'nope' is not declared" });
    assert.equal(out.diagnostics.length, 1);
    // Properties set by a consumer replace the pending ones.
    const other = load({ 'infra/main.json': text }).resources[0]!;
    other.body.props = new Map(st.body.props);
    assert.equal(scalarOf(other, 'sku.name'), 'Standard_LRS');
    assert.deepEqual([...other.body.props.keys()], ['type', 'apiversion', 'name', 'sku', 'properties']);
  });

  test('a syntax error inside a body that is not built is still reported', () => {
    const text = `{
  "$schema": "${SCHEMA}",
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "st", "properties": { "a": 1 "b": 2 } },
    { "type": "Microsoft.Web/sites", "name": "app", "properties": { "clientCertEnabled": true } }
  ]
}`;
    const out = load({ 'infra/main.json': text });
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message, d.ref!.start]), [['AZM1001', "JSON syntax error: ',' expected", text.indexOf('"b"')]]);
    assert.equal(out.resources.length, 2);
  });
});

describe('reading a template without building resource bodies', () => {
  /** Every node (built now if it was only checked) compared with the full parse of the same text: same offsets, kinds and values. */
  function sameNodes(text: string, a: JNode, b: JNode): void {
    expand(text, a);
    assert.deepEqual([a.type, a.offset, a.length, a.value], [b.type, b.offset, b.length, b.value]);
    assert.equal(a.children?.length ?? 0, b.children?.length ?? 0);
    a.children?.forEach((c, i) => sameNodes(text, c, b.children![i]!));
  }

  const resource = fc.record({
    type: fc.constantFrom('Microsoft.Web/sites', 'Microsoft.Storage/storageAccounts', 'Microsoft.Resources/deployments'),
    name: fc.string(),
    properties: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      // A nested deployment's properties: its template is read as a template in the same pass.
      fc.record({
        mode: fc.string(),
        parameters: fc.jsonValue({ maxDepth: 3 }),
        template: fc.record({
          resources: fc.array(fc.record({ type: fc.constantFrom('Microsoft.Web/sites', 'Microsoft.Resources/deployments'), name: fc.string(), properties: fc.jsonValue({ maxDepth: 3 }) }), { maxLength: 3 }),
          outputs: fc.jsonValue({ maxDepth: 2 }),
        }),
      }),
    ),
    tags: fc.dictionary(fc.string(), fc.string()),
  }).chain((r) =>
    fc.boolean().map((propertiesFirst) => {
      const { properties, ...rest } = r;
      return propertiesFirst ? { properties, ...rest } : r;
    }),
  );

  /** Every property but `template`, as values (or the node's value when it is not an object). */
  function withoutTemplate(node: JNode): unknown {
    if (node.type !== 'object') return literalValue(node);
    return (node.children ?? []).filter((p) => keyOf(p).toLowerCase() !== 'template').map((p) => [keyOf(p), literalValue(p.children![1]!)]);
  }

  test('identity parts keep their exact nodes and a body read again equals the full parse (property test)', () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (resources, outputs, pretty) => {
        const parameters = { p: { type: 'object', metadata: { description: 'skipped' }, defaultValue: outputs } };
        const text = JSON.stringify({ $schema: SCHEMA, parameters, variables: { v: outputs, w: [outputs] }, resources, outputs: { o: outputs } }, null, pretty ? 2 : undefined);
        const full = fastParse(text, 512);
        const partial = fastParse(text, 512, { shape: 'template' });
        assert.equal(full.kind, 'ok');
        assert.equal(partial.kind, 'ok');
        if (full.kind !== 'ok' || partial.kind !== 'ok') return;
        assert.equal(child(partial.root, 'outputs'), undefined);
        sameNodes(text, child(partial.root, 'variables')!, child(full.root, 'variables')!);
        const declared = child(child(partial.root, 'parameters'), 'p')!;
        assert.deepEqual(declared.children!.map(keyOf), ['type', 'defaultValue']);
        sameNodes(text, child(declared, 'defaultvalue')!, child(child(child(full.root, 'parameters'), 'p'), 'defaultvalue')!);
        const fullList = child(full.root, 'resources')!.children!;
        child(partial.root, 'resources')!.children!.forEach((r, i) => {
          // A deployment's properties are kept (they may hold a template); another type's are only checked.
          // (When the properties come before the type, whether it is a deployment is not known yet: kept too.)
          const deployment = resources[i]!.type === 'Microsoft.Resources/deployments';
          const keys = Object.keys(resources[i]!).filter((k) => k !== 'tags' && (k !== 'properties' || deployment || Object.keys(resources[i]!)[0] === 'properties'));
          assert.deepEqual(r.children!.map(keyOf), keys);
          sameNodes(text, resourceWithBody(text, r), fullList[i]!);
          if (!deployment) return;
          const dep = deploymentWithProperties(text, r);
          const props = child(dep, 'properties')!;
          const fullProps = child(fullList[i]!, 'properties')!;
          assert.deepEqual(withoutTemplate(props), withoutTemplate(fullProps));
          const template = child(props, 'template');
          const fullTemplate = child(fullProps, 'template');
          if (fullTemplate?.type === 'object') {
            // Built by the template reading: the same nodes as reading that range alone as a template.
            const alone = fastParse(text, 512, { shape: 'template', start: fullTemplate.offset, end: fullTemplate.offset + fullTemplate.length });
            assert.equal(alone.kind, 'ok');
            if (alone.kind === 'ok') sameNodes(text, template!, alone.root);
          } else if (fullTemplate) {
            assert.deepEqual(literalValue(template!), literalValue(fullTemplate));
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  test('malformed JSON inside a skipped part is still an error', () => {
    for (const bad of ['{"outputs": {"a": 01}}', '{"resources": [{"properties": {"a" 1}}]}', '{"resources": [{"tags": ["\\x"]}]}', '{"outputs": [1 2]}', '{"resources": [{"x": tru}]}']) {
      assert.equal(fastParse(bad, 512, { shape: 'template' }).kind, 'error', bad);
    }
    const deep = `{"outputs": ${'['.repeat(600)}${']'.repeat(600)}}`;
    assert.deepEqual(fastParse(deep, 512, { shape: 'template' }), { kind: 'deep', offset: '{"outputs": '.length + 511 });
  });
});

describe('deployments nested many levels deep', () => {
  /** A deployment whose template deploys `inner`, with bodies large enough to be recorded as checked spans. */
  function nest(inner: Record<string, unknown>, level: number): Record<string, unknown> {
    return {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `level${level}`,
      tags: { padding: 'x'.repeat(600), level: String(level) },
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: { depth: { value: level } },
        template: {
          $schema: SCHEMA,
          contentVersion: '1.0.0.0',
          parameters: { depth: { type: 'int' } },
          variables: { big: 'y'.repeat(700) },
          resources: [inner, { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: `st${level}`, properties: { blob: 'z'.repeat(800) } }],
          outputs: { o: { type: 'string', value: 'w'.repeat(900) } },
        },
      },
    };
  }

  test('the innermost resource is found and read with its parameters, whatever the depth', () => {
    for (const depth of [1, 3, 6]) {
      let resource: Record<string, unknown> = site({ clientCertEnabled: true, clientCertMode: "[if(equals(parameters('depth'), 1), 'Required', 'Optional')]" }, { tags: { t: 'v'.repeat(600) } });
      for (let level = 1; level <= depth; level++) resource = nest(resource, level);
      const out = load({ 'infra/main.json': tpl({ resources: [resource] }) });
      assert.deepEqual(out.diagnostics.filter((d) => d.severity === 'error'), []);
      const sites = out.resources.filter((r) => r.type === 'Microsoft.Web/sites');
      assert.equal(sites.length, 1, `depth ${depth}`);
      assert.equal(scalarOf(sites[0]!, 'properties.clientCertEnabled'), true);
      assert.equal(scalarOf(sites[0]!, 'properties.clientCertMode'), 'Required');
    }
  });

  test('a nested template read through the recorded spans equals that range read alone', () => {
    let resource: Record<string, unknown> = site({ clientCertEnabled: false });
    for (let level = 1; level <= 4; level++) resource = nest(resource, level);
    const text = tpl({ resources: [resource] });
    const first = fastParse(text, 512, { shape: 'template' });
    assert.equal(first.kind, 'ok');
    if (first.kind !== 'ok') return;
    let declared = child(first.root, 'resources')!.children![0]!;
    for (let level = 4; level >= 1; level--) {
      const dep = deploymentWithProperties(text, declared);
      const props = child(dep, 'properties')!;
      assert.equal(child(props, 'mode')!.value, 'Incremental');
      const template = child(props, 'template')!;
      assert.equal(template.lazy, undefined);
      const alone = fastParse(text, 512, { shape: 'template', start: template.offset, end: template.offset + template.length });
      assert.equal(alone.kind, 'ok');
      if (alone.kind === 'ok') assert.deepEqual(literalValue(expandAll(text, template)), literalValue(expandAll(text, alone.root)));
      declared = child(template, 'resources')!.children![0]!;
    }
    assert.equal(child(resourceWithBody(text, declared), 'type')!.value, 'Microsoft.Web/sites');
  });

  /** A copy of the tree with its lazy nodes built (as `expand` would). */
  function expandAll(text: string, n: JNode): JNode {
    const built = n.lazy ? fastParse(text, 512, { start: n.offset, end: n.offset + n.length }) : undefined;
    const children = built?.kind === 'ok' ? built.root.children : n.children;
    return { ...n, lazy: false, ...(children ? { children: children.map((c) => expandAll(text, c)) } : {}) };
  }
});
