import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { loadBicep, type ModuleCall } from './index.js';

function files(map: Record<string, string>) {
  return (p: string): string => {
    const t = map[p];
    if (t === undefined) throw new Error(`ENOENT: ${p}`);
    return t;
  };
}

function load(text: string, extra: Record<string, string> = {}, calls?: ModuleCall[]) {
  return loadBicep('infra/main.bicep', text, { readFile: files(extra), ...(calls ? { onModule: (c: ModuleCall) => calls.push(c) } : {}) });
}

/** The one resource of an output without diagnostics. */
function single(out: ReturnType<typeof load>): Resource {
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.resources.length, 1);
  return out.resources[0]!;
}

function reading(r: Resource, path: string): unknown {
  const a = attr(r, path);
  if (a.origin === 'unresolved') return { unresolved: a.expression, reason: a.reason };
  if (a.origin === 'absent') return 'absent';
  return a.node?.t === 'scalar' ? a.node.value : a.node?.t;
}

const SITE = "'Microsoft.Web/sites@2022-03-01'";

describe('bicep: the name of a child resource', () => {
  test('child.name is the name as declared, the resource name is the full name', () => {
    const text = [
      `resource site ${SITE} = {`,
      "  name: 'app'",
      '}',
      "resource slot 'Microsoft.Web/sites/slots@2022-03-01' = {",
      '  parent: site',
      "  name: 'staging'",
      '}',
      `resource other ${SITE} = {`,
      "  name: 'copy-${slot.name}'",
      '}',
    ].join('\n');
    const out = load(text);
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.name]),
      [
        ['site', 'app'],
        ['slot', 'app/staging'],
        ['other', 'copy-staging'],
      ],
    );
  });

  test('a nested child passed to a module keeps its short name there', () => {
    const child = "param parentName string\nparam childName string\nresource x 'Microsoft.Web/sites/slots@2022-03-01' = {\n  name: '${parentName}/${childName}'\n}";
    const text = [
      `resource site ${SITE} = {`,
      "  name: 'app'",
      "  resource slot 'slots' = {",
      "    name: 'blue'",
      '  }',
      '}',
      "module m './child.bicep' = {",
      '  params: {',
      '    parentName: site.name',
      '    childName: site::slot.name',
      '  }',
      '}',
    ].join('\n');
    const out = load(text, { 'infra/child.bicep': child });
    assert.deepEqual(
      out.resources.map((r) => [r.address, r.name]),
      [
        ['site', 'app'],
        ['site::slot', 'app/blue'],
        ['m>x', 'app/blue'],
      ],
    );
  });
});

describe('bicep: object spreads that are not known', () => {
  test('a conditional spread makes only the keys of its branches unresolved', () => {
    const text = [
      "param type string",
      `resource site ${SITE} = {`,
      "  name: 'app'",
      '  properties: {',
      '    httpsOnly: true',
      "    ...(type == 'a' ? { clientCertEnabled: true } : { clientCertMode: 'Optional' })",
      '  }',
      '}',
    ].join('\n');
    const [r] = load(text).resources;
    assert.equal(reading(r!, 'properties.httpsOnly'), true);
    assert.equal(reading(r!, 'properties.clientCertExclusionPaths'), 'absent');
    const spread = "(type == 'a' ? { clientCertEnabled: true } : { clientCertMode: 'Optional' })";
    for (const key of ['clientCertEnabled', 'clientCertMode']) {
      const v = reading(r!, `properties.${key}`) as { unresolved: string; reason: string };
      assert.equal(v.unresolved, spread);
      assert.match(v.reason, /^it is set by the spread .* which is not known: /);
    }
  });

  test('a property written after the spread overrides it', () => {
    const text = `param on bool\nresource site ${SITE} = {\n  name: 'app'\n  properties: {\n    ...(on ? { clientCertEnabled: true } : {})\n    clientCertEnabled: false\n  }\n}`;
    const [r] = load(text).resources;
    assert.equal(reading(r!, 'properties.clientCertEnabled'), false);
  });

  test('a spread whose keys cannot be known makes the whole object unresolved', () => {
    const text = `param extra object\nresource site ${SITE} = {\n  name: 'app'\n  properties: {\n    clientCertEnabled: true\n    ...extra\n  }\n}`;
    const [r] = load(text).resources;
    const v = reading(r!, 'properties.clientCertMode') as { unresolved: string; reason: string };
    assert.equal(v.unresolved, '{\n    clientCertEnabled: true\n    ...extra\n  }');
    assert.match(v.reason, /^it is set by the spread extra, which is not known: parameter 'extra' has no default/);
  });
});

describe('bicep: merges of objects that are not known', () => {
  // The same object written `union(a, c ? b : {})` or `shallowMerge([a, c ? b : {}])` reads as the spread does,
  // and as its compiled template does (arm/partial-merge.ts).
  for (const call of ["union({ httpsOnly: true }, on ? { clientCertEnabled: true, clientCertMode: 'Required' } : {})", "shallowMerge([{ httpsOnly: true }, on ? { clientCertEnabled: true, clientCertMode: 'Required' } : {}])"]) {
    test(`${call.slice(0, call.indexOf('('))}: only the keys of the undecided branches are unresolved`, () => {
      const [r] = load(`param on bool\nresource site ${SITE} = {\n  name: 'app'\n  properties: ${call}\n}`).resources;
      assert.equal(reading(r!, 'properties.httpsOnly'), true);
      assert.equal(reading(r!, 'properties.clientCertExclusionPaths'), 'absent');
      for (const key of ['clientCertEnabled', 'clientCertMode']) {
        const v = reading(r!, `properties.${key}`) as { unresolved: string; reason: string };
        assert.equal(v.unresolved, "on ? { clientCertEnabled: true, clientCertMode: 'Required' } : {}");
        assert.match(v.reason, /^on \? .* may or may not set it: the condition on is not known: parameter 'on' has no default/);
      }
    });
  }

  test('an unknown item whose keys cannot be known leaves the whole merge unresolved', () => {
    const [r] = load(`param extra object\nresource site ${SITE} = {\n  name: 'app'\n  properties: union({ httpsOnly: true }, extra)\n}`).resources;
    assert.equal((reading(r!, 'properties.httpsOnly') as { unresolved: string }).unresolved, 'union({ httpsOnly: true }, extra)');
  });
});

describe('bicep: module calls', () => {
  test('every module instance is reported to onModule with its target kind and whether it is deployed', () => {
    const text = [
      "param items array = ['a', 'b']",
      "module r 'br/public:avm/res/web/site:0.1.0' = [for i in items: {",
      '  params: {}',
      '}]',
      "module off './local.bicep' = if (false) {",
      '  params: {}',
      '}',
      "module gone './missing.bicep' = {",
      '  params: {}',
      '}',
    ].join('\n');
    const calls: ModuleCall[] = [];
    const out = load(text, { 'infra/local.bicep': '' }, calls);
    assert.deepEqual(
      calls.map((c) => [c.address, c.target, c.deployed, text.slice(c.ref.start, c.ref.end)]),
      [
        ['r[0]', 'registry', true, "module r 'br/public:avm/res/web/site:0.1.0'"],
        ['r[1]', 'registry', true, "module r 'br/public:avm/res/web/site:0.1.0'"],
        ['off', 'local', false, "module off './local.bicep'"],
        ['gone', 'unreadable', true, "module gone './missing.bicep'"],
      ],
    );
    // One warning per declaration, however many instances it has.
    assert.deepEqual(
      out.diagnostics.map((d) => d.code),
      ['AZM2008', 'AZM2004'],
    );
  });
});

describe('bicep: ARM JSON modules', () => {
  const template = JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        siteName: { type: 'string' },
        mode: { type: 'string', defaultValue: 'Required' },
      },
      resources: [
        {
          type: 'Microsoft.Web/sites',
          apiVersion: '2022-03-01',
          name: "[parameters('siteName')]",
          properties: { clientCertEnabled: true, clientCertMode: "[parameters('mode')]" },
        },
      ],
    },
    null,
    2,
  );

  test('a local JSON template is lowered by the ARM frontend with the module arguments', () => {
    const text = "module legacy './legacy.json' = {\n  params: {\n    siteName: 'old-app'\n    mode: 'Optional'\n  }\n}";
    const calls: ModuleCall[] = [];
    const out = load(text, { 'infra/legacy.json': template }, calls);
    const r = single(out);
    assert.equal(r.source, 'arm');
    assert.equal(r.file, 'infra/legacy.json');
    assert.equal(r.address, 'legacy>Microsoft.Web/sites/old-app');
    assert.equal(r.name, 'old-app');
    assert.equal(reading(r, 'properties.clientCertMode'), 'Optional');
    assert.deepEqual(r.related?.map((x) => [x.message, text.slice(x.ref.start, x.ref.end)]), [["deployed by module 'legacy' ('./legacy.json')", "module legacy './legacy.json'"]]);
    assert.ok(out.sources.has('infra/legacy.json'));
    assert.ok(![...calls].some((c) => c.target !== 'arm'));
    // Nothing points into the in-memory arguments document.
    const refs = [attr(r, 'properties.clientCertMode').node?.ref?.file, ...(attr(r, 'properties.clientCertMode').via ?? []).map((v) => v.ref.file)];
    assert.ok(refs.every((f) => f === undefined || f === 'infra/legacy.json' || f === 'infra/main.bicep'), String(refs));
  });

  test('an argument that is not known stays unresolved with its own reason, and defaults still apply', () => {
    const text = "param siteName string\nmodule legacy './legacy.json' = {\n  params: {\n    siteName: siteName\n  }\n}";
    const out = load(text, { 'infra/legacy.json': template });
    const r = out.resources[0]!;
    assert.equal(r.nameResolved, false);
    assert.equal(reading(r, 'properties.clientCertMode'), 'Required');
    const name = attr(r, 'name');
    assert.equal(name.origin, 'unresolved');
    assert.equal(name.reason, "the module argument 'siteName' is not known: parameter 'siteName' has no default and no value was supplied");
  });

  test('a JSON module that cannot be read is AZM2004 at the declaration', () => {
    const text = "module legacy './legacy.json' = {\n  params: {}\n}";
    const out = load(text);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.code, text.slice(d.ref!.start, d.ref!.end)]),
      [['AZM2004', "module legacy './legacy.json'"]],
    );
    assert.equal(out.resources.length, 0);
  });
});

describe('bicep: a nested deployment declared as a resource, with its template inline', () => {
  const deployment = (parameters: string, extra = '') =>
    [
      'param certMode string = \'Optional\'',
      'param secretName string',
      `resource inner 'Microsoft.Resources/deployments@2022-09-01' = ${extra}{`,
      "  name: 'inner'",
      '  properties: {',
      "    mode: 'Incremental'",
      "    expressionEvaluationOptions: { scope: 'inner' }",
      `    parameters: ${parameters}`,
      '    template: {',
      "      '$schema': 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'",
      "      contentVersion: '1.0.0.0'",
      "      parameters: { mode: { type: 'string' }, name: { type: 'string', defaultValue: 'nested-app' } }",
      '      resources: [',
      '        {',
      "          type: 'Microsoft.Web/sites'",
      "          apiVersion: '2022-03-01'",
      "          name: '[parameters(\\'name\\')]'",
      '          properties: {',
      '            clientCertEnabled: true',
      "            clientCertMode: '[parameters(\\'mode\\')]'",
      '          }',
      '        }',
      '      ]',
      '    }',
      '  }',
      '}',
    ].join('\n');

  test('its resources are lowered with the deployment parameters, and located at the template in the Bicep file', () => {
    const text = deployment('{ mode: { value: certMode } }');
    const out = load(text);
    const r = single(out);
    assert.equal(r.address, 'inner>Microsoft.Web/sites/nested-app');
    assert.equal(r.file, 'infra/main.bicep');
    assert.equal(reading(r, 'properties.clientCertMode'), 'Optional');
    assert.ok(text.slice(r.ref!.start, r.ref!.end).startsWith('template: {'));
    assert.deepEqual(r.related?.map((x) => x.message), ["deployed by the nested deployment 'inner'"]);
    // Nothing points into the template's text in memory, nor into the in-memory parameters.
    assert.equal(out.sources.size(), 1, 'only the Bicep file is a source');
    const node = attr(r, 'properties.clientCertMode');
    assert.ok([node.node?.ref?.file, ...(node.via ?? []).map((v) => v.ref.file)].every((f) => f === undefined || f === 'infra/main.bicep'));
  });

  test('a parameter from Key Vault or not known stays unresolved, with its reason', () => {
    const kv = load(deployment("{ mode: { reference: { keyVault: { id: 'kv' }, secretName: 's' } } }"));
    assert.equal(attr(kv.resources[0]!, 'properties.clientCertMode').reason, "the deployment parameter 'mode' is not known: Key Vault reference (secret not read)");
    const unknown = load(deployment('{ mode: { value: secretName } }'));
    assert.equal(attr(unknown.resources[0]!, 'properties.clientCertMode').reason, "the deployment parameter 'mode' is not known: parameter 'secretName' has no default and no value was supplied");
  });

  test('under a condition or in a loop, as a module would be', () => {
    const conditional = load(deployment('{ mode: { value: certMode } }', 'if (certMode == \'Never\') '));
    assert.equal(conditional.resources.length, 0, 'a condition known false deploys nothing');
    const unknownCondition = load(deployment('{ mode: { value: certMode } }', 'if (secretName == \'x\') '));
    assert.equal(unknownCondition.resources[0]?.condition?.expression, "secretName == 'x'");
  });

  test('a template that is not known is a warning that its resources are not judged, never a silent pass', () => {
    const text = "param t object\nresource inner 'Microsoft.Resources/deployments@2022-09-01' = {\n  name: 'inner'\n  properties: {\n    mode: 'Incremental'\n    template: t\n  }\n}";
    const out = load(text);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.code, d.message, text.slice(d.ref!.start, d.ref!.end)]),
      [['AZM2008', "The template of the deployment 'inner' is not known (parameter 't' has no default and no value was supplied); its resources are not judged.", 'template: t']],
    );
    assert.equal(out.resources.length, 0);
  });
});

describe('bicep: a nested deployment declared as a resource, with a linked template', () => {
  const linked = (link: string) =>
    `param mode string = 'Optional'\nresource linked 'Microsoft.Resources/deployments@2022-09-01' = {\n  name: 'linked'\n  properties: {\n    mode: 'Incremental'\n    templateLink: ${link}\n    parameters: { mode: { value: mode }, siteName: { value: 'linked-app' } }\n  }\n}`;
  const template = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { mode: { type: 'string' }, siteName: { type: 'string' } },
    resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: "[parameters('siteName')]", properties: { clientCertEnabled: true, clientCertMode: "[parameters('mode')]" } }],
  });

  test('a relativePath is read beside the Bicep file and lowered with the deployment parameters', () => {
    const r = single(load(linked("{ relativePath: 'nested/site.json' }"), { 'infra/nested/site.json': template }));
    assert.equal(r.file, 'infra/nested/site.json');
    assert.equal(r.address, 'linked>Microsoft.Web/sites/linked-app');
    assert.equal(reading(r, 'properties.clientCertMode'), 'Optional');
  });

  test('a URI is reported as not read, and a relativePath that cannot be read as not found; neither passes in silence', () => {
    const text = linked("{ uri: 'https://example.com/site.json' }");
    const uri = load(text);
    assert.deepEqual(
      uri.diagnostics.map((d) => [d.code, d.message, text.slice(d.ref!.start, d.ref!.end)]),
      [['AZM2008', "The linked template 'https://example.com/site.json' of the deployment 'linked' is not read by a scan; its resources are not judged.", "templateLink: { uri: 'https://example.com/site.json' }"]],
    );
    const missing = load(linked("{ relativePath: 'nested/gone.json' }"));
    assert.deepEqual(missing.diagnostics.map((d) => d.code), ['AZM2004']);
    assert.match(missing.diagnostics[0]!.message, /^The linked template 'infra\/nested\/gone.json' of the deployment 'linked' could not be read \(ENOENT: infra\/nested\/gone.json\); its resources are not judged\.$/);
  });
});
