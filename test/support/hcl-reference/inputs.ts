/**
 * Hand-written HCL that is valid and easy to get wrong: heredocs, templates with directives and strip
 * markers, comments in odd places, unicode, CRLF, one-line blocks, legacy indexes, splats, for
 * expressions, provider functions and argument expansion. The differential tests read each with both
 * parsers, as they are and with CRLF line endings, and use them as seeds for mutations.
 */
export const TRICKY: Record<string, string> = {
  'comments everywhere': `# leading
a = 1 # trailing
// slashes
/* block */ b = 2
resource /* between */ "t" /* labels */ "n" { # after brace
  # first in body
  x /* name */ = /* value */ 3 /* after */
  # between
  y = [ # in tuple
    1, // after comma
    /* before */ 2,
  ]
  # last in body
}
# at the end`,
  'heredocs': `a = <<EOT
plain \${var.x} text
  indented %{ if var.y }yes%{ else }no%{ endif }
$\${escaped} %%{escaped}
EOT
b = <<-EOT
    flush
      deeper \${join(",", [
        1, 2])} after
    last
    EOT
c = <<EOT
EOT
d = <<-EOT
\tx
\t\ty
\tEOT
e = [<<EOT
in a tuple
EOT
, 1]
`,
  'templates': `a = "x-\${upper("y")}-$\${lit}\\n\\t\\"\\\\\\u00e9\\U0001F600"
b = "%{ for k, v in var.m ~} \${k}=\${v}, %{~ endfor }"
c = "a \${~ "b" ~} c"
d = "%{~ if x ~} yes %{~ else ~} no %{~ endif ~}"
e = "\${"\${"\${x}"}"}"
f = "\${ {a = 1}.a }"
g = "%{ if a }%{ for x in y }\${x}%{ endfor }%{ endif }"
h = "$a %a $$a %%a"
i = "#not a comment // nor this /* nor */"`,
  'unicode': `名前 = "é😀\${café}"
café "é" "😀" {
  λ = "\\u03bb"
}`,
  'one-line blocks': `a { b = 1 }
c {}
d "x" { e = [1, 2] }
f "y" z {
}`,
  'legacy index and splats': `a = x.0
b = x.0.y.12
c = x[*].a[0].b
d = x.*.a.b
e = x[*]
f = x.*
g = x[*][*].a
h = x[*].*
i = (x.*.a)[0]
j = x.*.a.0`,
  'for expressions': `a = [for v in x : v]
b = [for k, v in x : "\${k}=\${v}" if v != null]
c = {for k, v in x : k => v}
d = {for k, v in x : v => k... if k != ""}
e = {
  for k, v in x :
  k => v
  if v
}`,
  'provider functions and expansion': `a = provider::azurerm::normalise_resource_id("x")
b = f(x...)
c = f(1, 2, x...)
d = f(
  1,
  2,
)
e = f()`,
  'operators': `a = !x || y && z == w != v < u > t <= s >= r + q - p * o / n % m
b = -1 - -2
c = (a ? b : c) ? d : e
d = a ? b ? c : d : e
e = a ? b : (c ? d : e)
f = a == "" && b != ""
g = - - x
h = !!x`,
  'literals': `a = 1.5e3
b = 2.0E-2
c = 10
d = true
e = false
f = null
g = ""
h = "x "
i = 007`,
  'objects': `a = { a = 1, "b" : 2, (c) = 3 }
b = {
  a = 1
  b = 2,
  "c": 3
  (d) = 4 # comment
}
c = {}
d = { a = { b = { c = 1 } } }`,
  'CRLF line endings': 'a = 1 # c\r\nb "x" {\r\n  c = <<EOT\r\n  text\r\nEOT\r\n  d = [\r\n    1,\r\n  ]\r\n}\r\n',
  'no final newline': 'a = 1\nb { c = 2 }',
  'empty': '',
  'only comments': '# a\n// b\n/* c */',
};
