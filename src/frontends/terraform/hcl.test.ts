import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHclText } from './hcl/parser.js';
import { byAddress, load, val } from './testing/helpers.js';

describe('HCL parsing', () => {
  test('keeps exact UTF-16 positions, comments and the statement each comment precedes', () => {
    const text = 'a = "é😀${x}"\n# azmtls-ignore AZM-MTLS-001 -- reason\nresource "t" "n" {\n  b = 1\n}\n';
    const { file, diagnostics } = parseHclText('f.tf', text);
    assert.deepEqual(diagnostics, []);
    const a = file.body.attributes[0]!;
    assert.equal(text.slice(a.expr.start, a.expr.end), '"é😀${x}"');
    const block = file.body.blocks[0]!;
    assert.deepEqual(block.labels, ['t', 'n']);
    assert.equal(file.comments.length, 1);
    assert.deepEqual(file.comments[0]!.next, { start: block.start, end: block.end });
  });

  test('a syntax error is AZM1201 at its position and the other statements are still read', async () => {
    const out = await load({
      'infra/bad.tf': 'resource "azurerm_linux_web_app" "a" {\n  name = "a"\n  client_certificate_enabled = \n}\n',
      'infra/good.tf': 'resource "azurerm_linux_web_app" "b" {\n  name = "b"\n}\n',
    });
    const errs = out.diagnostics.filter((d) => d.code === 'AZM1201');
    assert.equal(errs.length >= 1, true);
    assert.equal(errs[0]!.file, 'infra/bad.tf');
    const loc = out.sources.locate(errs[0]!.ref!);
    assert.equal(loc.startLine >= 3 && loc.startLine <= 4, true, `line ${loc.startLine}`);
    assert.equal(byAddress(out, 'azurerm_linux_web_app.b').name, 'b');
  });

  test('10,000 levels of nesting do not overflow the stack: AZM1003 and the file is still read', async () => {
    const deep = 'locals {\n  x = ' + '['.repeat(10000) + ']'.repeat(10000) + '\n}\nresource "azurerm_linux_web_app" "a" { name = "ok" }\n';
    const out = await load({ 'infra/main.tf': deep });
    assert.equal(out.diagnostics.filter((d) => d.code === 'AZM1003').length, 1);
    assert.equal(byAddress(out, 'azurerm_linux_web_app.a').name, 'ok');
  });

  test('templates: interpolation, escapes, %{if}/%{for} directives, strip markers, flush heredocs', async () => {
    const out = await load({
      'infra/main.tf': [
        'locals {',
        '  items = ["a", "b"]',
        '  t1 = "x-${upper("y")}-$${lit}\\n"',
        '  t2 = "%{ for i in local.items }${i};%{ endfor }"',
        '  t3 = "%{ if length(local.items) > 1 }many%{ else }one%{ endif }"',
        '  t4 = <<-EOT',
        '    first',
        '      second ${local.items[1]}',
        '    EOT',
        '  t5 = "a ${~ "b" ~} c"',
        '}',
        'resource "azurerm_linux_web_app" "a" {',
        '  name = join("|", [local.t1, local.t2, local.t3, local.t4, local.t5])',
        '}',
      ].join('\n'),
    });
    assert.equal(byAddress(out, 'azurerm_linux_web_app.a').name, 'x-Y-${lit}\n|a;b;|many|first\n  second b\n|abc');
  });

  test('operators, conditionals, splat and for expressions', async () => {
    const out = await load({
      'infra/main.tf': `
locals {
  objs = [{ n = "a", on = true }, { n = "b", on = false }]
  names = local.objs[*].n
  on = [for o in local.objs : o.n if o.on]
  m = { for o in local.objs : o.n => o.on }
  grouped = { for o in local.objs : o.on => o.n... }
  arith = 2 + 3 * 4 - 10 / 5 % 3
  logic = !false && (1 < 2 || false) && 3 >= 3
}
resource "azurerm_linux_web_app" "a" {
  name = "\${join(",", local.names)}/\${local.on[0]}/\${local.m.b}/\${local.grouped["true"][0]}/\${local.arith}/\${local.logic ? "t" : "f"}"
}`,
    });
    assert.equal(byAddress(out, 'azurerm_linux_web_app.a').name, 'a,b/a/false/a/12/t');
  });

  test('functions real configurations use', async () => {
    const out = await load({
      'infra/cert.txt': 'PEM-DATA\n',
      'infra/main.tf': `
locals {
  cfg = { present = 1 }
  parts = [
    format("%s-%03d", "app", 7),
    lower("ABC"), upper("d"), join("+", split(",", "x,y")),
    lookup({ a = "1" }, "b", "dflt"),
    try(local.cfg.missing, "fallback"),
    tostring(can(regex("^a", "abc"))),
    coalesce("", "c1"),
    tostring(length(concat([1], [2, 3]))),
    tostring(contains(["q"], "q")),
    join("", keys(merge({ k1 = 1 }, { k2 = 2 }))),
    element(["e0", "e1"], 3),
    join("", flatten([["f1"], ["f2", ["f3"]]])),
    join("", distinct(["d", "d"])),
    replace("a-b-c", "-", "_"),
    replace("v1.2", "/[0-9]/", "N"),
    substr("hello", 1, 3),
    trimspace("  t  "),
    tostring(startswith("abc", "ab")),
    tostring(endswith("abc", "bc")),
    jsonencode({ z = [1, true] }),
    jsondecode("{\\"j\\":\\"v\\"}").j,
    zipmap(["zk"], ["zv"]).zk,
    join("", [for n in range(3) : tostring(n)]),
    tostring(max(abs(-4), min(9, 2))),
    trimspace(file("cert.txt")),
    tostring(tonumber("5") + 1),
    tostring(tobool("true")),
    join("", values({ b = "2", a = "1" })),
    tostring(length(toset(["s", "s", "t"]))),
  ]
}
resource "azurerm_linux_web_app" "a" { name = join("|", local.parts) }`,
    });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(
      byAddress(out, 'azurerm_linux_web_app.a').name,
      'app-007|abc|D|x+y|dflt|fallback|true|c1|3|true|k1k2|e1|f1f2f3|d|a_b_c|vN.N|ell|t|true|true|{"z":[1,true]}|v|zv|012|4|PEM-DATA|6|true|12|2',
    );
  });

  test('an unresolved test keeps both candidates; a known false && unknown is false', async () => {
    const out = await load({
      'infra/main.tf': `
variable "strict" { type = bool }
resource "azurerm_linux_web_app" "a" {
  name = "a"
  client_certificate_enabled = false && var.strict
  client_certificate_mode = var.strict ? "Required" : "Optional"
}`,
    });
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.clientCertEnabled'), false);
    const mode = r.body.props.get('properties')!.value;
    assert.equal(mode.t, 'object');
    const m = mode.t === 'object' ? mode.props.get('clientcertmode')!.value : undefined;
    assert.equal(m?.t, 'unresolved');
    if (m?.t === 'unresolved') {
      assert.deepEqual(m.candidates, ['Required', 'Optional']);
      assert.match(m.reason, /^depends on var\.strict: variable "strict" has no default/);
      assert.equal(m.via?.[0]?.message, 'value comes from variable "strict"');
    }
  });
});

describe('yamldecode', () => {
  const apps = `resource "azurerm_linux_web_app" "app" {
  for_each                   = yamldecode(file("\${path.module}/apps.yaml")).apps
  name                       = each.key
  client_certificate_enabled = each.value.mtls
  client_certificate_mode    = try(each.value.mode, "Optional")
}
`;

  test('apps declared in YAML and deployed with for_each are judged one by one', async () => {
    const out = await load({
      'infra/main.tf': apps,
      'infra/apps.yaml': 'apps:\n  billing:\n    mtls: true\n    mode: Required\n  portal:\n    mtls: false\n',
    });
    assert.deepEqual(out.diagnostics, []);
    const billing = byAddress(out, 'azurerm_linux_web_app.app["billing"]');
    assert.equal(val(billing, 'properties.clientCertEnabled'), true);
    assert.equal(val(billing, 'properties.clientCertMode'), 'Required');
    const portal = byAddress(out, 'azurerm_linux_web_app.app["portal"]');
    assert.equal(val(portal, 'properties.clientCertEnabled'), false);
    assert.equal(val(portal, 'properties.clientCertMode'), 'Optional');
  });

  test('YAML that is not valid, or nested past the limit, is an error at the call and the value is unknown', async () => {
    for (const [yaml, expected] of [
      ['apps:\n  a: 1\n  a: 2\n', /yamldecode\(\): the YAML text is not valid YAML: the key 'a' appears twice in one mapping \(line 3, column 3\)/],
      [`apps: ${'['.repeat(400)}${']'.repeat(400)}\n`, /yamldecode\(\): the YAML text is nested more than 300 levels deep/],
      ['apps: 1\n---\napps: 2\n', /yamldecode\(\): the YAML text is not valid YAML: the YAML text holds more than one document/],
    ] as const) {
      const out = await load({ 'infra/main.tf': apps, 'infra/apps.yaml': yaml });
      assert.equal(out.diagnostics.length, 1, String(expected));
      assert.match(out.diagnostics[0]!.message, expected);
      assert.equal(out.diagnostics[0]!.code, 'AZM2001');
      assert.equal(out.diagnostics[0]!.file, 'infra/main.tf');
      assert.equal(out.resources.length, 1, 'one representative instance of an unknown for_each');
    }
  });
});
