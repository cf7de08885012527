import { hclParser } from './hcl/grammar.js';
import { parseHcl } from './hcl/parse.js';
const p = await hclParser();
const src = 'a = "x  y ${x} z\\n $${q}"\nb = <<-EOT\n    one ${v}\n      two\n    %{~ if c ~}\n yes %{ else }no%{ endif }\n    EOT\nc = (a.b)[0].*.c\n# azmtls-ignore X -- y\nresource "x" "y" {\n  d = -1 + 2 * 3 == 7 && !false\n}\nbroken = \nz = 1\n';
const r = parseHcl(p, 'f.tf', src);
console.log(JSON.stringify(r, (k, v) => (k === 'text' && typeof v === 'string' && v.length > 50 ? '…' : v), 1).slice(0, 6000));
