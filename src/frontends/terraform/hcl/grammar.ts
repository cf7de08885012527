/**
 * The tree-sitter Terraform grammar, loaded on first use. Loading the wasm runtime and grammar costs
 * tens of milliseconds, so a scan without Terraform input must never pay for it: nothing happens at
 * import time, and the loaded parser is shared by every later call.
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
