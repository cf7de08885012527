/**
 * Generators of structurally valid inputs: ARM templates with template-language expressions, Bicep files
 * and Terraform configurations, built from the resource types and properties the rules read, so the
 * evaluators and lowerings (not only the parsers) see random but well-formed programs.
 */
import fc from 'fast-check';

const ARM_TYPES = [
  'Microsoft.Web/sites', 'Microsoft.Web/sites/slots', 'Microsoft.SignalRService/signalR', 'Microsoft.SignalRService/webPubSub',
  'Microsoft.App/containerApps', 'Microsoft.ApiManagement/service', 'Microsoft.DataFactory/factories/pipelines',
  'Microsoft.DataFactory/factories/linkedservices', 'Microsoft.ContainerRegistry/registries/tokens',
  'Microsoft.DocumentDB/cassandraClusters', 'Microsoft.ServiceFabric/clusters', 'Microsoft.ServiceFabric/managedClusters',
  'Microsoft.Resources/deployments', 'Microsoft.Storage/storageAccounts',
];
const API_VERSIONS = ['2019-08-01', '2020-06-01', '2022-10-01', '2023-12-01', 'not-a-date'];
const PROPS = ['clientCertEnabled', 'clientCertMode', 'clientCertExclusionPaths', 'tls', 'configuration', 'ingress', 'clientCertificateMode',
  'hostnameConfigurations', 'negotiateClientCertificate', 'enableClientCertificate', 'credentials', 'clientCertificates', 'clients',
  'publicNetworkAccess', 'typeProperties', 'authenticationType', 'activities', 'type', 'kind', 'sku', 'name'];
const ARM_FUNCTIONS = ['concat', 'parameters', 'variables', 'if', 'equals', 'union', 'createArray', 'createObject', 'json', 'string',
  'replace', 'substring', 'length', 'range', 'copyIndex', 'resourceId', 'uniqueString', 'guid', 'format', 'split', 'join', 'base64',
  'toLower', 'not', 'and', 'or', 'coalesce', 'empty', 'first', 'last', 'take', 'skip', 'contains', 'int', 'bool', 'add', 'div', 'mod',
  'reference', 'resourceGroup', 'subscription', 'deployment', 'map', 'filter', 'reduce', 'lambda', 'lambdaVariables', 'items',
  'noSuchFunction', 'padLeft', 'dateTimeAdd', 'utcNow', 'listKeys', 'tryGet', 'objectKeys', 'sort', 'intersection'];

const word = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,6}$/);
const names = fc.constantFrom('p1', 'p2', 'v1', 'v2', 'certMode', 'enabled', 'missing');

/** ARM template-language expressions (without the surrounding brackets). */
export const armExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 5, withCrossShrink: true },
    // Small numbers: a generated `range(0, 10^6)` or copy count measures the budget, which the pathological tests do on purpose.
    fc.integer({ min: -3, max: 40 }).map(String),
    fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`),
    fc.constantFrom('true()', 'false()', 'null()'),
    names.map((n) => `parameters('${n}')`),
    names.map((n) => `variables('${n}')`),
    fc.tuple(fc.constantFrom(...ARM_FUNCTIONS), fc.array(tie('e'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), word).map(([t, p]) => `${t}.${p}`),
    fc.tuple(tie('e'), tie('e')).map(([t, i]) => `${t}[${i}]`),
  ),
})).e;

const jsonScalar = fc.oneof(fc.boolean(), fc.integer(), fc.constant(null), fc.string({ maxLength: 10 }), armExpr.map((e) => `[${e}]`));

const armValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    jsonScalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROPS), word), tie('v'), { maxKeys: 5 }),
  ),
})).v;

const armResource = fc.record(
  {
    type: fc.constantFrom(...ARM_TYPES),
    apiVersion: fc.constantFrom(...API_VERSIONS),
    name: fc.oneof(word, armExpr.map((e) => `[${e}]`)),
    kind: fc.constantFrom('app', 'functionapp', 'app,linux,container,azurecontainerapps', 'WebPubSub'),
    condition: fc.oneof(fc.boolean(), armExpr.map((e) => `[${e}]`)),
    copy: fc.record({ name: word, count: fc.oneof(fc.integer({ min: -2, max: 12 }), armExpr.map((e) => `[${e}]`)) }),
    sku: fc.record({ name: fc.constantFrom('Free_F1', 'Standard_S1', 'Consumption', 'Developer') }),
    properties: fc.dictionary(fc.constantFrom(...PROPS), armValue, { maxKeys: 6 }),
  },
  { requiredKeys: ['type', 'apiVersion', 'name'] },
);

export const armTemplate: fc.Arbitrary<string> = fc
  .record({
    languageVersion: fc.option(fc.constant('2.0'), { nil: undefined }),
    parameters: fc.dictionary(
      names,
      fc.record({ type: fc.constantFrom('string', 'bool', 'int', 'object', 'array', 'securestring', 'secureObject'), defaultValue: armValue }, { requiredKeys: ['type'] }),
      { maxKeys: 4 },
    ),
    variables: fc.dictionary(names, armValue, { maxKeys: 4 }),
    resources: fc.array(armResource, { maxLength: 5 }),
    indent: fc.constantFrom(0, 2),
  })
  .map(({ indent, languageVersion, ...rest }) => {
    const template: Record<string, unknown> = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      ...rest,
    };
    if (languageVersion) {
      template.languageVersion = languageVersion;
      template.resources = Object.fromEntries((rest.resources as unknown[]).map((r, i) => [`r${i}`, r]));
    }
    return JSON.stringify(template, null, indent);
  });

// ---------------------------------------------------------------- Bicep

const BICEP_TYPES = ARM_TYPES.map((t) => `${t}@2023-12-01`);
const bicepNames = fc.constantFrom('p1', 'p2', 'v1', 'v2', 'site', 'items', 'undeclared');
const bicepFunctions = ['concat', 'union', 'contains', 'length', 'toLower', 'string', 'json', 'resourceGroup', 'uniqueString', 'range',
  'map', 'filter', 'reduce', 'empty', 'first', 'any', 'loadTextContent', 'format', 'split', 'join', 'if', 'guid', 'noSuchFunction'];

export const bicepExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.constantFrom('true', 'false', 'null'),
    bicepNames,
    fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '$ {').replace(/[\r\n]/g, ' ')}'`),
    tie('e').map((e) => `'pre-\${${e}}-post'`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '=~', '<', '>=', '&&', '||', '??'), tie('e')).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    tie('e').map((e) => `!${e}`),
    tie('e').map((e) => `(${e})`),
    fc.tuple(fc.constantFrom(...bicepFunctions), fc.array(tie('e'), { maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.array(tie('e'), { maxLength: 3 }).map((a) => `[\n${a.join('\n')}\n]`),
    fc.array(fc.tuple(fc.constantFrom(...PROPS), tie('e')), { maxLength: 3 }).map((ps) => `{\n${ps.map(([k, v]) => `${k}: ${v}`).join('\n')}\n}`),
    fc.tuple(tie('e'), fc.constantFrom(...PROPS)).map(([t, p]) => `${t}.${p}`),
    fc.tuple(tie('e'), fc.constantFrom(...PROPS)).map(([t, p]) => `${t}.?${p}`),
    fc.tuple(tie('e'), tie('e')).map(([t, i]) => `${t}[${i}]`),
    tie('e').map((e) => `[for (x, i) in ${e}: x]`),
    tie('e').map((e) => `map(${e}, x => x)`),
  ),
})).e;

const bicepDecl = fc.oneof(
  fc.tuple(bicepNames, fc.constantFrom('string', 'int', 'bool', 'object', 'array'), fc.option(bicepExpr, { nil: undefined }), fc.boolean()).map(
    ([n, t, d, secure]) => `${secure ? '@secure()\n' : ''}param ${n} ${t}${d !== undefined ? ` = ${d}` : ''}`,
  ),
  fc.tuple(bicepNames, bicepExpr).map(([n, e]) => `var ${n} = ${e}`),
  fc
    .record({
      symbol: bicepNames,
      type: fc.constantFrom(...BICEP_TYPES),
      name: bicepExpr,
      props: fc.array(fc.tuple(fc.constantFrom(...PROPS), bicepExpr), { maxLength: 4 }),
      wrap: fc.constantFrom('plain', 'if', 'for', 'existing'),
      guard: bicepExpr,
    })
    .map(({ symbol, type, name, props, wrap, guard }) => {
      const body = `{\n  name: ${name}\n  properties: {\n${props.map(([k, v]) => `    ${k}: ${v}`).join('\n')}\n  }\n}`;
      if (wrap === 'if') return `resource ${symbol} '${type}' = if (${guard}) ${body}`;
      if (wrap === 'for') return `resource ${symbol} '${type}' = [for (item, i) in ${guard}: ${body}]`;
      if (wrap === 'existing') return `resource ${symbol} '${type}' existing = {\n  name: ${name}\n}`;
      return `resource ${symbol} '${type}' = ${body}`;
    }),
  fc.tuple(bicepNames, bicepExpr).map(([n, e]) => `output ${n} string = ${e}`),
  fc.tuple(bicepNames, bicepExpr).map(([n, e]) => `func ${n}(x string) string = ${e}`),
);

export const bicepFile: fc.Arbitrary<string> = fc.array(bicepDecl, { maxLength: 8 }).map((ds) => `${ds.join('\n\n')}\n`);

// ---------------------------------------------------------------- Terraform (HCL)

const TF_TYPES = ['azurerm_linux_web_app', 'azurerm_windows_function_app', 'azurerm_signalr_service', 'azurerm_container_app',
  'azurerm_api_management', 'azurerm_logic_app_standard', 'azurerm_app_service', 'azurerm_container_registry_token',
  'azurerm_service_fabric_cluster', 'azapi_resource', 'azurerm_storage_account'];
const TF_ATTRS = ['name', 'client_certificate_enabled', 'client_certificate_mode', 'client_cert_enabled', 'tls_client_cert_enabled',
  'public_network_access_enabled', 'sku_name', 'type', 'body', 'client_certificate_exclusion_paths'];
const tfRefs = fc.constantFrom('var.mode', 'var.enabled', 'local.a', 'local.b', 'each.key', 'each.value', 'count.index', 'var.undeclared', 'azurerm_linux_web_app.r0.id', 'module.m.out');
const tfFunctions = ['lower', 'upper', 'concat', 'merge', 'lookup', 'length', 'jsonencode', 'jsondecode', 'coalesce', 'try', 'can', 'format',
  'join', 'split', 'tostring', 'tobool', 'toset', 'range', 'flatten', 'keys', 'values', 'element', 'contains', 'replace', 'no_such_fn'];

export const hclExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.constantFrom('true', 'false', 'null', '"Required"', '"Optional"', '"OptionalInteractiveUser"'),
    tfRefs,
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s.replace(/\$\{|%\{/g, '$ {'))),
    tie('e').map((e) => `"pre-\${${e}}"`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'), tie('e')).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    tie('e').map((e) => `!${e}`),
    tie('e').map((e) => `(${e})`),
    fc.tuple(fc.constantFrom(...tfFunctions), fc.array(tie('e'), { maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.array(tie('e'), { maxLength: 3 }).map((a) => `[${a.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom(...TF_ATTRS), tie('e')), { maxLength: 3 }).map((ps) => `{ ${ps.map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
    fc.tuple(tie('e'), fc.constantFrom(...TF_ATTRS)).map(([t, p]) => `${t}.${p}`),
    fc.tuple(tie('e'), tie('e')).map(([t, i]) => `${t}[${i}]`),
    tie('e').map((e) => `[for k, v in ${e} : v]`),
    tie('e').map((e) => `{ for k, v in ${e} : k => v }`),
    tie('e').map((e) => `${e}[*].name`),
  ),
})).e;

const hclBlock = fc.oneof(
  fc.tuple(fc.constantFrom('mode', 'enabled', 'names'), fc.option(hclExpr, { nil: undefined }), fc.boolean()).map(
    ([n, d, sensitive]) => `variable "${n}" {\n${d !== undefined ? `  default = ${d}\n` : ''}${sensitive ? '  sensitive = true\n' : ''}}`,
  ),
  fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c'), hclExpr), { maxLength: 3, selector: ([k]) => k }).map((ls) => `locals {\n${ls.map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}`),
  fc
    .record({
      type: fc.constantFrom(...TF_TYPES),
      label: fc.constantFrom('r0', 'r1'),
      meta: fc.constantFrom('', 'count', 'for_each'),
      metaExpr: hclExpr,
      // Each argument once: Terraform refuses an argument set twice (a syntax error here too).
      attrs: fc.uniqueArray(fc.tuple(fc.constantFrom(...TF_ATTRS), hclExpr), { maxLength: 4, selector: ([k]) => k }),
      nested: fc.constantFrom('', 'site_config', 'ingress', 'tls', 'dynamic'),
    })
    .map(({ type, label, meta, metaExpr, attrs, nested }) => {
      const lines = attrs.map(([k, v]) => `  ${k} = ${v}`);
      if (meta) lines.unshift(`  ${meta} = ${metaExpr}`);
      if (nested === 'dynamic') lines.push(`  dynamic "site_config" {\n    for_each = ${metaExpr}\n    content {\n      http2_enabled = true\n    }\n  }`);
      else if (nested) lines.push(`  ${nested} {\n    client_certificate_mode = ${metaExpr}\n  }`);
      return `resource "${type}" "${label}" {\n${lines.join('\n')}\n}`;
    }),
  fc.tuple(fc.constantFrom('out'), hclExpr).map(([n, e]) => `output "${n}" {\n  value = ${e}\n}`),
);

export const hclFile: fc.Arbitrary<string> = fc.array(hclBlock, { maxLength: 6 }).map((bs) => `${bs.join('\n\n')}\n`);

// ---------------------------------------------------------------- HCL syntax, for the parser differential

/**
 * Well-formed HCL that exercises the syntax rather than the resource model: every kind of expression,
 * templates with directives and strip markers, heredocs, comments in odd places, unicode and CRLF. It
 * leaves out what the tree-sitter reference reads differently from the HCL spec (strings that start with
 * white space, steps after `.*`, an unparenthesized conditional in an else branch), which the differential
 * tests check separately.
 */
const synName = fc.constantFrom('a', 'b_c', 'x1', 'name-with-dash', '_u', 'café', '名前', 'for_each', 'count', 'input', 'iffy', 'endif_z', 'ok');
const synComment = fc.constantFrom('# note', '// note é', '/* block */', '/* multi\n   line */', '#', '# 😀 ${not} %{a}');
const quotedChunk = fc.constantFrom('a', 'Z', ' ', 'x y', 'é', '😀', '名', '#', '//', '/*', '\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\U0001F600', '$${', '%%{', '$a', '%a', '$$a', '}', ':', '=', ',', "'", '\\r');
const heredocChunk = fc.constantFrom('a', 'Z', ' ', '\t', 'é', '😀', '"', '\\n', '$${', '%%{', '$a', '%b', '}', '{ x }', 'EOTX', '#', '//');
const synNumber = fc.constantFrom('0', '7', '42', '3.14', '1.5e3', '2.0E-2', '10.25');

type Syn = { expr: string; operand: string; atom: string; chain: string };

const synExpr = fc.letrec<Syn>((tie) => {
  const seq = (inner: fc.Arbitrary<string>) =>
    fc.tuple(fc.boolean(), inner, fc.boolean(), fc.constantFrom('', ' ')).map(([sb, e, sa, pad]) => `\${${sb ? '~' : ''}${pad}${e}${pad}${sa ? '~' : ''}}`);
  const quoted = fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: quotedChunk.map((text) => ({ text, sequence: false })) },
        { weight: 2, arbitrary: seq(tie('expr')).map((text) => ({ text, sequence: true })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(tie('operand'), fc.array(quotedChunk, { maxLength: 2 }), fc.option(fc.array(quotedChunk, { maxLength: 2 }), { nil: undefined }), fc.boolean(), fc.boolean())
            .map(([c, t, e, s1, s2]) => ({
              text: `%{${s1 ? '~' : ''} if ${c} }${t.join('')}${e ? `%{ else ${s2 ? '~' : ''}}${e.join('')}` : ''}%{ endif ${s2 ? '~' : ''}}`,
              sequence: true,
            })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.boolean(), tie('operand'), fc.boolean())
            .map(([two, coll, strip]) => ({ text: `%{ for ${two ? 'k, v' : 'v'} in ${coll} ${strip ? '~' : ''}}\${v}, %{${strip ? '~' : ''} endfor }`, sequence: true })),
        },
      ),
      { maxLength: 5 },
    )
    .map((chunks) => {
      const s = chunks.map((c) => c.text).join('');
      // A string without sequences must not start with white space (see above).
      return `"${!chunks.some((c) => c.sequence) && /^\s/.test(s) ? 'x' : ''}${s}"`;
    });
  const call = fc
    .tuple(fc.constantFrom('f', 'join', 'lower', 'provider::azurerm::normalise_resource_id', 'merge'), fc.array(tie('expr'), { maxLength: 3 }), fc.constantFrom('', ',', '...'), fc.boolean())
    .map(([f, args, tail, multiline]) => {
      const t = args.length === 0 ? '' : tail;
      return multiline && args.length > 0 ? `${f}(\n  ${args.join(',\n  ')}${t}\n)` : `${f}(${args.join(', ')}${t})`;
    });
  const tuple = fc.tuple(fc.array(tie('expr'), { maxLength: 3 }), fc.boolean(), fc.boolean(), fc.option(synComment, { nil: undefined })).map(([items, multiline, trailing, comment]) => {
    if (items.length === 0) return multiline ? '[\n]' : '[]';
    if (!multiline) return `[${items.join(', ')}${trailing ? ',' : ''}]`;
    return `[\n  ${items.join(`,${comment ? ` ${comment}` : ''}\n  `)}${trailing ? ',' : ''}\n]`;
  });
  const key = fc.oneof(synName, quotedChunk.filter((c) => !/^\s/.test(c) && !c.startsWith('\\r')).map((c) => `"k${c}"`), tie('operand').map((e) => `(${e})`));
  const object = fc
    .tuple(fc.array(fc.tuple(key, fc.constantFrom(' = ', ': ', ' : ', '='), tie('expr'), fc.option(synComment, { nil: undefined })), { maxLength: 3 }), fc.boolean(), fc.boolean())
    .map(([elems, multiline, commas]) => {
      if (elems.length === 0) return multiline ? '{\n}' : '{}';
      if (!multiline) return `{ ${elems.map(([k, s, v]) => `${k}${s}${v}`).join(', ')}${commas ? ',' : ''} }`;
      // Without commas a key in parentheses would follow a newline, which the reference reads as a call's `(`.
      const safe = elems.map(([k, s, v, c], i): [string, string, string, string | undefined] => [!commas && i > 0 && k.startsWith('(') ? `"k${i}"` : k, s, v, c]);
      return `{\n${safe.map(([k, s, v, c]) => `  ${k}${s}${v}${commas ? ',' : ''}${c && !c.includes('\n') ? ` ${c}` : ''}`).join('\n')}\n}`;
    });
  const forExpr = fc
    .tuple(fc.boolean(), fc.boolean(), tie('operand'), tie('expr'), tie('expr'), fc.option(tie('expr'), { nil: undefined }), fc.boolean(), fc.boolean())
    .map(([asObject, two, coll, k, v, cond, group, multiline]) => {
      const nl = multiline ? '\n  ' : ' ';
      const vars = two ? 'k, v' : 'v';
      const tail = cond !== undefined ? `${nl}if ${cond}` : '';
      if (!asObject) return `[${multiline ? '\n  ' : ''}for ${vars} in ${coll} :${nl}${v}${tail}${multiline ? '\n' : ''}]`;
      return `{${multiline ? '\n  ' : ''}for ${vars} in ${coll} :${nl}${k} => ${v}${group ? '...' : ''}${tail}${multiline ? '\n' : ''}}`;
    });
  const base = fc.oneof(synName, call, tie('expr').map((e) => `(${e})`));
  const step = fc.oneof(synName.map((n) => `.${n}`), fc.constantFrom('.0', '.12'), tie('expr').map((e) => `[${e}]`));
  const chain = fc
    .tuple(base, fc.array(step, { maxLength: 3 }), fc.constantFrom('', '[*]', '.*'), fc.array(step, { maxLength: 2 }))
    .map(([b, steps, splat, after]) => {
      // After `.*` only attribute steps (and legacy indexes), and nothing that would end the splat.
      const rest = splat === '.*' ? after.filter((s) => !s.startsWith('[')) : splat ? after : [];
      // Two legacy indexes in a row read as one number (`x.0.12` is x and 0.12), which is an error.
      const legacy = (s: string) => /^\.\d/.test(s);
      const all = [...steps, splat, ...rest].filter(Boolean).filter((s, i, xs) => !(legacy(s) && i > 0 && legacy(xs[i - 1]!)));
      return `${b}${all.join('')}`;
    });
  return {
    atom: fc.oneof({ depthSize: 'small', maxDepth: 4 }, synNumber, fc.constantFrom('true', 'false', 'null'), quoted, tie('chain'), tuple, object, forExpr),
    chain,
    operand: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      { weight: 4, arbitrary: tie('atom') },
      { weight: 1, arbitrary: fc.tuple(tie('atom'), fc.constantFrom('||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'), tie('operand')).map(([a, o, b]) => `${a} ${o} ${b}`) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('-', '!', '- '), tie('atom')).map(([o, a]) => `${o}${a}`) },
    ),
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      { weight: 5, arbitrary: tie('operand') },
      { weight: 1, arbitrary: fc.tuple(tie('operand'), tie('expr'), tie('operand')).map(([c, a, b]) => `${c} ? ${a} : ${b}`) },
    ),
  };
}).expr;

const heredoc = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom('', '  ', '    ', '\t', ' \t'), fc.array(fc.oneof(heredocChunk, synExpr.map((e) => `\${${e}}`)), { maxLength: 3 })), { maxLength: 4 }), fc.constantFrom('', '  '))
  .map(([flush, lines, closeIndent]) => `<<${flush ? '-' : ''}EOT\n${lines.map(([indent, cs]) => `${indent}${cs.join('')}\n`).join('')}${closeIndent}EOT`);

const label = fc.oneof(synName, fc.array(quotedChunk.filter((c) => !/\s/.test(c) && c !== '\\r' && c !== '\\n' && c !== '\\t'), { minLength: 1, maxLength: 3 }).map((cs) => `"${cs.join('')}"`));

const synBody: fc.Arbitrary<string[]> = fc.letrec<{ body: string[] }>((tie) => {
  const attribute = fc
    .tuple(synName, fc.oneof({ weight: 5, arbitrary: synExpr }, { weight: 1, arbitrary: heredoc }), fc.option(synComment, { nil: undefined }), fc.boolean())
    .map(([n, e, c, odd]) => (odd ? `${n} /* c */ = /* d */ ${e}` : `${n} = ${e}`) + (c && !e.startsWith('<<') ? ` ${c}` : ''));
  const oneLine = fc.tuple(synName, fc.array(label, { maxLength: 2 }), fc.option(fc.tuple(synName, synExpr), { nil: undefined })).map(([t, ls, a]) => `${[t, ...ls].join(' ')} {${a ? ` ${a[0]} = ${a[1]} ` : ''}}`);
  const block = fc.tuple(synName, fc.array(label, { maxLength: 2 }), fc.boolean(), tie('body')).map(([t, ls, comments, body]) => {
    const header = comments ? [t, ...ls].join(' /* c */ ') + ' # after {' : [t, ...ls].join(' ');
    return `${header.endsWith('# after {') ? header.replace(' # after {', ' { # after {') : `${header} {`}\n${body.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n')}\n}`;
  });
  return {
    body: fc
      .array(
        fc.oneof(
          { depthSize: 'small', maxDepth: 3 },
          { weight: 5, arbitrary: attribute },
          { weight: 2, arbitrary: block },
          { weight: 1, arbitrary: oneLine },
          { weight: 1, arbitrary: synComment },
          { weight: 1, arbitrary: fc.constant('') },
        ),
        { maxLength: 6 },
      )
      .map(uniqueArguments),
  };
}).body;

/** Renames an argument that a body sets a second time (an error in HCL), keeping the lines well formed. */
function uniqueArguments(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.map((line, i) => {
    const name = /^(\S+)(?: \/\* c \*\/)? = /.exec(line)?.[1];
    if (name === undefined) return line;
    if (!seen.has(name)) {
      seen.add(name);
      return line;
    }
    const renamed = `${name}_${i}`;
    seen.add(renamed);
    return renamed + line.slice(name.length);
  });
}

/** A whole file of well-formed HCL, sometimes with CRLF line endings. */
export const hclSyntaxFile: fc.Arbitrary<string> = fc.tuple(synBody, fc.boolean(), fc.boolean()).map(([lines, crlf, finalNewline]) => {
  // A heredoc's closing marker on the last line is followed by a newline (the reference requires one).
  const text = lines.join('\n') + (finalNewline || /EOT$/.test(lines[lines.length - 1] ?? '') ? '\n' : '');
  return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
});
