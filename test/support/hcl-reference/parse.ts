/**
 * Reference implementation, for tests only: HCL through tree-sitter into the evaluable tree, as azmtls
 * parsed it before src/frontends/terraform/hcl/parser.ts. Syntax errors become AZM1201 (AZM1202 for
 * variable files) with their span, and the statements around the error are kept.
 */
import type { Parser } from 'web-tree-sitter';
import { diagnostic, type Diagnostic, type DiagnosticKind } from '../../../src/core/diagnostics.js';
import type { Comment, HclFile } from '../../../src/frontends/terraform/hcl/ast.js';
import { Converter } from './convert.js';
import { copyTree } from './syntax.js';

/** Tree-sitter levels per HCL nesting level are about three; this keeps ~300 levels of brackets. */
const MAX_TREE_DEPTH = 1000;
const MAX_REPORTED_ERRORS = 5;

export interface ParsedHcl {
  file: HclFile;
  diagnostics: Diagnostic[];
}

/**
 * Tree-sitter's error recovery can go quadratic on some malformed inputs (a long run of `"` takes minutes
 * at 200 KB), so the differential runs over mutated inputs give it a wall-clock budget per file.
 */
export const PARSE_BUDGET_MS = 5_000;

export function parseHcl(parser: Parser, path: string, text: string, errorKind: DiagnosticKind = 'HclSyntax', parseBudgetMs = PARSE_BUDGET_MS): ParsedHcl {
  const diagnostics: Diagnostic[] = [];
  const deadline = performance.now() + parseBudgetMs;
  let cancelled = false;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      if (performance.now() > deadline) cancelled = true;
      return cancelled;
    },
  });
  // A cancelled parse is resumed by the next call unless the parser is reset.
  if (cancelled) parser.reset();
  if (!tree) {
    if (cancelled) diagnostics.push(diagnostic('TimeBudget', path, `parsing took longer than ${parseBudgetMs} ms; the file is not read`, { file: path, start: 0, end: 0 }));
    else diagnostics.push(diagnostic(errorKind, path, 'the file could not be parsed'));
    return { file: { path, text, body: { attributes: [], blocks: [] }, comments: [] }, diagnostics };
  }
  let copied;
  try {
    copied = copyTree(tree, MAX_TREE_DEPTH);
  } finally {
    tree.delete();
  }
  let errors = 0;
  let deep = false;
  for (const p of copied.problems) {
    if (p.kind === 'too-deep') {
      if (!deep) {
        deep = true;
        diagnostics.push(
          diagnostic('NestingTooDeep', path, `expression nested more than ${Math.floor(MAX_TREE_DEPTH / 3)} levels deep; the deeper part is not read`, {
            file: path,
            start: p.start,
            end: p.end,
          }),
        );
      }
      continue;
    }
    if (errors++ >= MAX_REPORTED_ERRORS) continue;
    const message = p.kind === 'missing' ? `syntax error: missing ${describeToken(p.what)}` : `syntax error: unexpected ${snippet(text, p.start, p.end)}`;
    diagnostics.push(diagnostic(errorKind, path, message, { file: path, start: p.start, end: Math.max(p.start, p.end) }));
  }
  if (errors > MAX_REPORTED_ERRORS) {
    diagnostics.push(diagnostic(errorKind, path, `${errors - MAX_REPORTED_ERRORS} more syntax errors in this file`));
  }
  const comments: Comment[] = copied.comments.map((c) => ({ start: c.start, end: c.end, text: text.slice(c.start, c.end) }));
  const byStart = new Map(comments.map((c) => [c.start, c]));
  const conv = new Converter(text, byStart);
  const rootKids = copied.root.children;
  const body = { attributes: [], blocks: [] } as HclFile['body'];
  for (const k of rootKids) {
    if (k.type === 'body' || k.type === 'ERROR') {
      const b = conv.body(k);
      body.attributes.push(...b.attributes);
      body.blocks.push(...b.blocks);
    }
  }
  if (copied.root.type === 'ERROR') {
    const b = conv.body(copied.root);
    body.attributes.push(...b.attributes);
    body.blocks.push(...b.blocks);
  }
  return { file: { path, text, body, comments }, diagnostics };
}

function describeToken(t: string): string {
  const words: Record<string, string> = { block_end: "'}'", object_end: "'}'", tuple_end: "']'", quoted_template_end: "'\"'", identifier: 'a name' };
  return words[t] ?? (t.length <= 3 ? `'${t}'` : t.replace(/_/g, ' '));
}

function snippet(text: string, start: number, end: number): string {
  const s = text.slice(start, Math.min(end, start + 30)).split(/\r?\n/)[0]!.trim();
  return s ? `'${s}'` : 'end of input';
}
