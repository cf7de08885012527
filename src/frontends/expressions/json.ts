/**
 * `json()` text parsing. ARM reads it with Newtonsoft.Json, which also accepts single-quoted strings,
 * unquoted property names, comments and trailing commas; templates rely on that
 * (`json('{''a'': ''b''}')`). Standard JSON takes the fast native path; the tolerant reader is iterative
 * so deeply nested text cannot exhaust the stack.
 */
import { setKey, type Value } from '../../model/value.js';
import type { ObjectValue } from './values.js';

export class JsonTextError extends Error {}

export function parseJsonText(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    return new TolerantReader(text).read();
  }
}

type Frame = { kind: 'array'; value: Value[] } | { kind: 'object'; value: ObjectValue; key: string | undefined };

class TolerantReader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): Value {
    const stack: Frame[] = [];
    let result: Value | undefined;
    let done = false;
    const emit = (v: Value): void => {
      const top = stack[stack.length - 1];
      if (!top) {
        result = v;
        done = true;
      } else if (top.kind === 'array') {
        top.value.push(v);
      } else {
        setKey(top.value, top.key!, v);
        top.key = undefined;
      }
    };
    while (!done) {
      this.skipTrivia();
      const top = stack[stack.length - 1];
      if (top) {
        const closer = top.kind === 'array' ? ']' : '}';
        const hasItems = top.kind === 'array' ? top.value.length > 0 : Object.keys(top.value).length > 0;
        if (this.peek() === closer) {
          this.i++;
          stack.pop();
          emit(top.value);
          continue;
        }
        if (hasItems) {
          this.expect(',');
          this.skipTrivia();
          if (this.peek() === closer) continue; // trailing comma
        }
        if (top.kind === 'object') {
          top.key = this.readKey();
          this.skipTrivia();
          this.expect(':');
          this.skipTrivia();
        }
      }
      const c = this.peek();
      if (c === '{') {
        this.i++;
        stack.push({ kind: 'object', value: {}, key: undefined });
      } else if (c === '[') {
        this.i++;
        stack.push({ kind: 'array', value: [] });
      } else {
        emit(this.readScalar());
      }
    }
    this.skipTrivia();
    if (this.i < this.s.length) this.error('unexpected text after the JSON value');
    return result!;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private error(what: string): never {
    throw new JsonTextError(`${what} at position ${this.i}`);
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) this.error(this.i >= this.s.length ? `expected '${c}' but the text ended` : `expected '${c}'`);
    this.i++;
  }

  private skipTrivia(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') this.i++;
      else if (c === '/' && s[this.i + 1] === '/') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.error('unterminated comment');
        this.i = end + 2;
      } else return;
    }
  }

  private readKey(): string {
    const c = this.peek();
    if (c === '"' || c === "'") return this.readString();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) this.error('expected a property name');
    this.i += m[0].length;
    return m[0];
  }

  private readScalar(): Value {
    const c = this.peek();
    if (c === undefined) this.error('the text ended before a value');
    if (c === '"' || c === "'") return this.readString();
    const rest = this.s.slice(this.i, this.i + 64);
    const num = /^-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return Number(num[0]);
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word) && !/[\w$]/.test(rest[word.length] ?? '')) {
        this.i += word.length;
        return value;
      }
    }
    this.error('unexpected character');
  }

  private readString(): string {
    const quote = this.s[this.i++]!;
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.error('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          const hex = this.s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.error('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
          break;
        }
        case undefined: this.error('unterminated string');
        // eslint-disable-next-line no-fallthrough
        default: out += e;
      }
    }
  }
}
