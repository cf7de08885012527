/**
 * Reference implementation, for tests only: the tree-sitter Terraform grammar that parsed HCL before the
 * hand-written parser (src/frontends/terraform/hcl/parser.ts). The differential tests and
 * scripts/hcl-differential.ts compare the two. Loaded on first use and shared by every later call.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Parser> | undefined;

export function hclParser(): Promise<Parser> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const grammarDir = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
    await Parser.init();
    const language = await Language.load(join(grammarDir, 'tree-sitter-terraform.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}
