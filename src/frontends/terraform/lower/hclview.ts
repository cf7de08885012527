/**
 * A resource block seen through the evaluator: arguments evaluated in the instance's context (count,
 * each), nested blocks with `dynamic` blocks expanded, every answer with its position and the variables
 * and locals it came from.
 */
import { diagnostic } from '../../../core/diagnostics.js';
import { Unresolved, unresolved, type Related, type Value } from '../../../model/value.js';
import { MAX_LOWERED_VALUES, takeLowered, treeSize } from '../../expressions/size.js';
import type { Attribute, Block, Expr } from '../hcl/ast.js';
import type { Evaluator, Scope } from '../eval/evaluate.js';
import { isObj } from '../eval/values.js';
import { attrOf } from '../module/config.js';
import type { InstanceKey, ModuleInstance } from '../module/instance.js';
import type { TfAttr, TfObject } from './tfobject.js';

const OVER_ALLOWANCE = `the resources of this configuration add up to more than ${MAX_LOWERED_VALUES} values`;

export class HclBlockView implements TfObject {
  readonly ref;
  private readonly cache = new Map<string, TfAttr | undefined>();

  /** `inst`: the instance `ev` evaluates in, for what an override file merged into the block (config.ts). */
  constructor(
    private readonly block: Block,
    private readonly ev: Evaluator,
    private readonly scope: Scope,
    private readonly mod: ModuleInstance,
    private readonly inst?: InstanceKey,
  ) {
    this.ref = ev.ref(block);
  }

  /** The block's own evaluator, or one for the file an override merged this argument or block from. */
  private evaluatorOf(node: Attribute | Block): Evaluator {
    const file = this.mod.fileOf(node, this.ev.file);
    return file === this.ev.file ? this.ev : this.mod.evaluator(file, this.inst);
  }

  attr(name: string): TfAttr | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    const a = attrOf(this.block, name);
    let out: TfAttr | undefined;
    if (a) {
      const ev = this.evaluatorOf(a);
      const scope = this.scope;
      let value = ev.evaluate(a.expr, scope);
      const within = this.takeAllowance(value, a);
      if (!within) value = new Unresolved(ev.text(a.expr), OVER_ALLOWANCE, ev.ref(a.expr));
      const via = provenance(a.expr, this.mod);
      out = {
        value,
        ref: ev.ref(a),
        valueRef: ev.ref(a.expr),
        ...(via.length > 0 ? { via } : {}),
        node: () => {
          if (!within) return unresolved(ev.text(a.expr), OVER_ALLOWANCE, ev.ref(a.expr));
          // jsonencode({...}) of an HCL value keeps the positions of the literal inside
          const inner = a.expr.k === 'call' && a.expr.name === 'jsonencode' && a.expr.args.length === 1 ? a.expr.args[0]! : a.expr;
          const n = ev.node(inner, scope);
          if (via.length > 0 && n.t === 'unresolved') n.via = via;
          return n;
        },
      };
    }
    this.cache.set(name, out);
    return out;
  }

  /**
   * Each value is bounded where it is evaluated, but `count = 10000` lowers an argument that holds a large
   * local 10,000 times: the root's allowance (shared with its modules) bounds what all of them lower. Every
   * list or object argument the lowering reads is taken from it.
   */
  private takeAllowance(value: Value, a: Attribute): boolean {
    // A scalar costs what evaluating it cost, which the step budget bounds: names and modes stay readable.
    if (typeof value !== 'object' || value === null || value instanceof Unresolved) return true;
    const taken = takeLowered(this.mod.ctx.lowered, treeSize(value));
    if (taken !== 'exceeded') return taken === 'ok';
    const ref = this.evaluatorOf(a).ref(a);
    this.mod.ctx.diagnostics.push(
      diagnostic('LimitExceeded', ref.file, `The resources of this configuration add up to more than ${MAX_LOWERED_VALUES} values; the rest are left unresolved`, ref),
    );
    return false;
  }

  blocks(name: string): TfObject[] {
    const out: TfObject[] = [];
    for (const b of this.block.body.blocks) {
      if (b.type === name) out.push(new HclBlockView(b, this.evaluatorOf(b), this.scope, this.mod, this.inst));
      else if (b.type === 'dynamic' && b.labels[0] === name) out.push(...this.dynamic(b, name));
    }
    return out;
  }

  private dynamic(b: Block, name: string): TfObject[] {
    const content = b.body.blocks.find((x) => x.type === 'content');
    const fe = attrOf(b, 'for_each');
    if (!content || !fe) return [];
    const itAttr = attrOf(b, 'iterator');
    const iterator = itAttr && itAttr.expr.k === 'var' ? itAttr.expr.name : name;
    const ev = this.evaluatorOf(b);
    const coll = ev.evaluate(fe.expr, this.scope);
    const entries: [Value, Value][] = [];
    if (coll instanceof Unresolved) {
      // One representative block whose iterator values are unknown, so what depends on them is unknown too.
      const u = new Unresolved(`${iterator}.value`, `the dynamic "${name}" for_each is not known: ${coll.reason}`, ev.ref(fe.expr));
      entries.push([new Unresolved(`${iterator}.key`, u.reason, u.ref), u]);
    } else if (Array.isArray(coll)) coll.forEach((v, i) => entries.push([i, v]));
    else if (isObj(coll))
      for (const k of Object.keys(coll).sort()) entries.push([k, coll[k]!]);
    return entries.map(([key, value]) => {
      const scope = new Map(this.scope);
      scope.set(iterator, { key, value });
      return new HclBlockView(content, ev, scope, this.mod, this.inst);
    });
  }
}

/** Where the variables and locals an expression reads got their values. */
export function provenance(e: Expr, mod: ModuleInstance): Related[] {
  const out: Related[] = [];
  const seen = new Set<string>();
  const stack: Expr[] = [e];
  let budget = 10_000;
  while (stack.length > 0 && budget-- > 0) {
    const x = stack.pop()!;
    switch (x.k) {
      case 'attr':
        if (x.obj.k === 'var' && (x.obj.name === 'var' || x.obj.name === 'local')) {
          const key = `${x.obj.name}.${x.name}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(...(x.obj.name === 'var' ? mod.variableProvenance(x.name) : mod.localProvenance(x.name)));
          }
        } else stack.push(x.obj);
        break;
      case 'index':
        stack.push(x.obj, x.key);
        break;
      case 'splat':
      case 'paren':
        stack.push(x.k === 'paren' ? x.expr : x.obj);
        break;
      case 'template':
        for (const p of x.parts) if (p.k === 'interp') stack.push(p.expr);
        break;
      case 'tuple':
        // A loop, not a spread: a literal of 200,000 elements spread as arguments overflows the call stack.
        for (const item of x.items) stack.push(item);
        break;
      case 'object':
        for (const el of x.elems) stack.push(el.key, el.value);
        break;
      case 'call':
        for (const arg of x.args) stack.push(arg);
        break;
      case 'cond':
        stack.push(x.test, x.then, x.else);
        break;
      case 'unary':
        stack.push(x.operand);
        break;
      case 'binary':
        stack.push(x.left, x.right);
        break;
      case 'forTuple':
      case 'forObject':
        stack.push(x.coll);
        break;
    }
  }
  return out;
}
