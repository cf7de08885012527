/**
 * Reference implementation, for tests only (see parse.ts). A plain copy of the tree-sitter tree, built
 * with a TreeCursor and an explicit stack so that input nested ten thousand levels deep cannot overflow
 * the JavaScript stack. Below `maxDepth` the subtree is cut and flagged; the caller reports it (AZM1003).
 * The wasm tree can then be freed at once.
 */
import type { Tree } from 'web-tree-sitter';

export interface SNode {
  type: string;
  named: boolean;
  start: number;
  end: number;
  field: string | null;
  children: SNode[];
  missing: boolean;
  /** The subtree below was not copied: the input is nested deeper than the limit. */
  cut?: boolean;
}

export interface SyntaxProblem {
  kind: 'error' | 'missing' | 'too-deep';
  start: number;
  end: number;
  /** The node type that is missing. */
  what: string;
}

export interface CopiedTree {
  root: SNode;
  problems: SyntaxProblem[];
  comments: SNode[];
}

export function copyTree(tree: Tree, maxDepth: number): CopiedTree {
  const c = tree.walk();
  const problems: SyntaxProblem[] = [];
  const comments: SNode[] = [];
  const make = (): SNode => {
    const n: SNode = {
      type: c.nodeType,
      named: c.nodeIsNamed,
      start: c.startIndex,
      end: c.endIndex,
      field: c.currentFieldName,
      children: [],
      missing: c.nodeIsMissing,
    };
    if (n.missing) problems.push({ kind: 'missing', start: n.start, end: n.end, what: n.type });
    else if (n.type === 'ERROR') problems.push({ kind: 'error', start: n.start, end: n.end, what: n.type });
    else if (n.type === 'comment') comments.push(n);
    return n;
  };
  try {
    const root = make();
    const parents: SNode[] = [];
    let node = root;
    for (;;) {
      if (parents.length < maxDepth) {
        if (c.gotoFirstChild()) {
          parents.push(node);
          node = make();
          parents[parents.length - 1]!.children.push(node);
          continue;
        }
      } else if (c.gotoFirstChild()) {
        c.gotoParent();
        node.cut = true;
        problems.push({ kind: 'too-deep', start: node.start, end: node.end, what: node.type });
      }
      let done = false;
      while (!c.gotoNextSibling()) {
        if (parents.length === 0 || !c.gotoParent()) {
          done = true;
          break;
        }
        node = parents.pop()!;
      }
      if (done) break;
      node = make();
      parents[parents.length - 1]!.children.push(node);
    }
    return { root, problems, comments };
  } finally {
    c.delete();
  }
}

/** Children without comments and without the anonymous punctuation the grammar wraps around them. */
export function kids(n: SNode): SNode[] {
  return n.children.filter((x) => x.type !== 'comment');
}

export function named(n: SNode): SNode[] {
  return n.children.filter((x) => x.named && x.type !== 'comment');
}

export function child(n: SNode, type: string): SNode | undefined {
  return n.children.find((x) => x.type === type);
}
