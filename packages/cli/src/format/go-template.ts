/**
 * A small subset of Go's text/template, as Docker's --format and inspect -f use it.
 *
 *   render(parse('{{.Name}} {{json .Config.Labels}}'), container)
 *
 * Supported: fields `.A.B`, `.`, `$`, `$v.A`; literals "str" `raw` 12 true false nil;
 * pipes `a | f`; parentheses; `{{if}}/{{else if}}/{{else}}/{{end}}`, `{{range}}` (with
 * `$i, $v :=`), `{{with}}`, `{{- -}}` trimming, comments; functions json, index, join,
 * split, lower, upper, title, println, print, printf, len, eq, ne, lt, le, gt, ge, and,
 * or, not, pad, truncate, slice.
 *
 * Values are JSON-decoded data and print as Go prints interface values:
 * maps as map[k:v] with sorted keys, arrays as [a b], a missing field or null
 * as <no value> (as <nil> inside a map or array).
 */

// ---- AST ----------------------------------------------------------------------
type Operand =
  | { kind: 'field'; base: 'dot' | 'var' | 'expr'; name?: string; expr?: Pipeline; chain: string[] }
  | { kind: 'lit'; value: unknown }
  | { kind: 'ident'; name: string };
interface Command { operands: Operand[] }
interface Pipeline { decl: string[]; cmds: Command[] }
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; body: Node[]; else: Node[] };

export interface Template { nodes: Node[]; source: string }

export class TemplateError extends Error {}

/**
 * Context objects (ps rows, image rows) are Go structs in Docker: a field they
 * do not have is an error, not <no value>. Mark them with this symbol, whose
 * value is the Go type name used in the message.
 */
export const GO_TYPE = Symbol('goType');

// ---- lexing of the template into text and actions ------------------------------
interface Chunk { text?: string; action?: string; line: number }

function splitActions(src: string): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) chunks.push({ text, line: 0 });
      break;
    }
    let start = open + 2;
    if (/^- /.test(src.slice(start, start + 2)) || src.slice(start, start + 3) === '-\t' || src.slice(start, start + 3) === '-\n') {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) chunks.push({ text, line: 0 });
    // find the closing braces outside string literals
    let j = start;
    let quote = '';
    for (; j < src.length; j++) {
      const c = src[j];
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`') quote = c;
      else if (src.startsWith('}}', j)) break;
    }
    if (j >= src.length) throw new TemplateError('template: :1: unclosed action');
    let body = src.slice(start, j);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    chunks.push({ action: body.trim(), line: 0 });
    i = j + 2;
  }
  return chunks;
}

// ---- lexing of one action ------------------------------------------------------
type Tok = { t: 'field' | 'var' | 'ident' | 'str' | 'num' | 'punct'; v: string };

function lexAction(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
      if (j >= s.length) throw new TemplateError('template: :1: unterminated quoted string');
      toks.push({ t: 'str', v: JSON.parse(s.slice(i, j + 1).replace(/\\'/g, "'")) as string });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError('template: :1: unterminated raw quoted string');
      toks.push({ t: 'str', v: s.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (s.startsWith(':=', i)) { toks.push({ t: 'punct', v: ':=' }); i += 2; continue; }
    if ('()|,='.includes(c)) { toks.push({ t: 'punct', v: c }); i++; continue; }
    const m = /^(?:\.[A-Za-z_0-9]*(?:\.[A-Za-z_0-9]+)*|\$[A-Za-z_0-9]*(?:\.[A-Za-z_0-9]+)*|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z_0-9]*)/.exec(s.slice(i));
    if (!m || !m[0]) throw new TemplateError(`template: :1: unexpected "${c}" in command`);
    const w = m[0];
    if (w[0] === '.') toks.push({ t: 'field', v: w });
    else if (w[0] === '$') toks.push({ t: 'var', v: w });
    else if (/^[+-]?\d/.test(w)) toks.push({ t: 'num', v: w });
    else toks.push({ t: 'ident', v: w });
    i += w.length;
  }
  return toks;
}

function fieldChain(v: string): string[] {
  return v.split('.').filter((x) => x !== '');
}

// ---- parsing ---------------------------------------------------------------------
class ActionParser {
  private p = 0;
  constructor(private readonly toks: Tok[]) {}

  done(): boolean { return this.p >= this.toks.length; }

  pipeline(): Pipeline {
    const decl: string[] = [];
    // `$x :=` or `$i, $v :=`
    const save = this.p;
    const vars: string[] = [];
    while (this.toks[this.p]?.t === 'var') {
      vars.push(this.toks[this.p++].v);
      if (this.toks[this.p]?.v === ',') { this.p++; continue; }
      break;
    }
    if (vars.length && (this.toks[this.p]?.v === ':=' || this.toks[this.p]?.v === '=')) {
      this.p++;
      decl.push(...vars);
    } else this.p = save;

    const cmds: Command[] = [];
    for (;;) {
      const operands: Operand[] = [];
      while (!this.done() && this.toks[this.p].v !== '|' && this.toks[this.p].v !== ')') operands.push(this.operand());
      if (!operands.length) throw new TemplateError('template: :1: missing value for command');
      cmds.push({ operands });
      if (this.toks[this.p]?.v === '|') { this.p++; continue; }
      break;
    }
    return { decl, cmds };
  }

  private operand(): Operand {
    const tok = this.toks[this.p++];
    switch (tok.t) {
      case 'field':
        return { kind: 'field', base: 'dot', chain: fieldChain(tok.v) };
      case 'var': {
        const [name, ...chain] = tok.v.split('.');
        return { kind: 'field', base: 'var', name, chain: chain.filter(Boolean) };
      }
      case 'str':
        return { kind: 'lit', value: tok.v };
      case 'num':
        return { kind: 'lit', value: Number(tok.v) };
      case 'ident':
        if (tok.v === 'true' || tok.v === 'false') return { kind: 'lit', value: tok.v === 'true' };
        if (tok.v === 'nil') return { kind: 'lit', value: null };
        if (!(tok.v in FUNCS)) throw new TemplateError(`template: :1: function "${tok.v}" not defined`);
        return { kind: 'ident', name: tok.v };
      default: {
        if (tok.v !== '(') throw new TemplateError(`template: :1: unexpected "${tok.v}" in operand`);
        const expr = this.pipeline();
        if (this.toks[this.p++]?.v !== ')') throw new TemplateError('template: :1: unclosed left paren');
        let chain: string[] = [];
        if (this.toks[this.p]?.t === 'field' && this.toks[this.p].v !== '.') chain = fieldChain(this.toks[this.p++].v);
        return { kind: 'field', base: 'expr', expr, chain };
      }
    }
  }
}

function parsePipe(text: string): Pipeline {
  const ap = new ActionParser(lexAction(text));
  const pipe = ap.pipeline();
  if (!ap.done()) throw new TemplateError(`template: :1: unexpected token in "${text}"`);
  return pipe;
}

export function parse(source: string): Template {
  const chunks = splitActions(source);
  let k = 0;
  // returns the nodes and the keyword that ended them ('end', 'else', or '' at EOF)
  function list(): { nodes: Node[]; stop: string; rest: string } {
    const nodes: Node[] = [];
    while (k < chunks.length) {
      const c = chunks[k++];
      if (c.text !== undefined) { nodes.push({ kind: 'text', text: c.text }); continue; }
      const a = c.action!;
      if (a.startsWith('/*')) continue;
      const word = /^[a-z]+/.exec(a)?.[0] ?? '';
      const rest = a.slice(word.length).trim();
      if (word === 'end') return { nodes, stop: 'end', rest };
      if (word === 'else') return { nodes, stop: 'else', rest };
      if (word === 'if' || word === 'with' || word === 'range') { nodes.push(block(word, rest)); continue; }
      if (word === 'define' || word === 'template' || word === 'block') throw new TemplateError(`template: :1: "${word}" is not supported`);
      nodes.push({ kind: 'action', pipe: parsePipe(a) });
    }
    return { nodes, stop: '', rest: '' };
  }
  function block(kind: 'if' | 'with' | 'range', text: string): Node {
    if (!text) throw new TemplateError(`template: :1: missing value for ${kind}`);
    const pipe = parsePipe(text);
    const body = list();
    let elseNodes: Node[] = [];
    if (body.stop === 'else') {
      const m = /^(if|with)\b\s*(.*)$/s.exec(body.rest);
      if (m) {
        // `{{else if x}}` is an if nested in the else branch sharing the same {{end}}
        elseNodes = [block(m[1] as 'if' | 'with', m[2])];
      } else {
        const e = list();
        if (e.stop !== 'end') throw new TemplateError(`template: :1: unexpected EOF`);
        elseNodes = e.nodes;
      }
    } else if (body.stop !== 'end') throw new TemplateError('template: :1: unexpected EOF');
    return { kind, pipe, body: body.nodes, else: elseNodes };
  }
  const top = list();
  if (top.stop) throw new TemplateError(`template: :1: unexpected {{${top.stop}}}`);
  return { nodes: top.nodes, source };
}

// ---- values as Go prints them -----------------------------------------------------
const MISSING = undefined;

export function goString(v: unknown, nested = false): string {
  // Go prints a nil interface as <no value> at the top and <nil> inside maps/slices
  if (v === MISSING || v === null) return nested ? '<nil>' : '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => goString(x, true)).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `map[${keys.map((k) => `${k}:${goString((v as Record<string, unknown>)[k], true)}`).join(' ')}]`;
  }
  return String(v);
}

function goFloat(v: number): string {
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3].padStart(2, '0')}`;
  return s;
}

/** json.Marshal: Go escapes <, > and & inside strings. */
export function goJson(v: unknown): string {
  const s = JSON.stringify(v === undefined ? null : v);
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function field(v: unknown, name: string): unknown {
  // like Go on map[string]interface{}: a field of nothing is nothing
  if (v === undefined || v === null) return MISSING;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new TemplateError(`template: :1: can't evaluate field ${name} in type ${goType(v)}`);
  }
  const obj = v as Record<string | symbol, unknown>;
  if (obj[GO_TYPE] && !(name in obj)) {
    throw new TemplateError(`template: :1: executing "" at <.${name}>: can't evaluate field ${name} in type ${String(obj[GO_TYPE])}`);
  }
  const got = obj[name];
  return typeof got === 'function' ? (got as () => unknown).call(obj) : Object.prototype.hasOwnProperty.call(obj, name) || name in obj ? got : MISSING;
}

function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}

function toStr(v: unknown): string {
  return typeof v === 'string' ? v : goString(v);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError('template: :1: incompatible types for comparison');
}

function sprintf(format: string, args: unknown[]): string {
  let n = 0;
  return format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([%vsdqtfgxX])/g, (_all, flags: string, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const a = args[n++];
    let s: string;
    switch (verb) {
      case 'q': s = JSON.stringify(toStr(a)); break;
      case 'd': s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${goType(a)}=${goString(a)})`; break;
      case 'f': s = typeof a === 'number' ? a.toFixed(prec ? Number(prec) : 6) : goString(a); break;
      case 'x': case 'X': s = typeof a === 'number' ? a.toString(16) : Buffer.from(toStr(a)).toString('hex'); if (verb === 'X') s = s.toUpperCase(); break;
      default: s = goString(a);
    }
    if (prec && verb === 's') s = [...s].slice(0, Number(prec)).join('');
    if (width) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') ? '0' : ' ');
    return s;
  }) + (n < args.length ? `%!(EXTRA ${args.slice(n).map((a) => `${goType(a)}=${goString(a)}`).join(', ')})` : '');
}

type Fn = (...args: unknown[]) => unknown;
const FUNCS: Record<string, Fn> = {
  json: (v) => goJson(v),
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (cur === null || cur === undefined) throw new TemplateError('template: :1: error calling index: index of untyped nil');
      if (Array.isArray(cur)) {
        if (typeof k !== 'number' || k < 0 || k >= cur.length) throw new TemplateError(`template: :1: error calling index: index out of range: ${goString(k)}`);
        cur = cur[k];
      } else if (typeof cur === 'object') cur = (cur as Record<string, unknown>)[String(k)];
      else throw new TemplateError(`template: :1: error calling index: can't index item of type ${goType(cur)}`);
    }
    return cur;
  },
  join: (list, sep) => {
    if (!Array.isArray(list)) throw new TemplateError(`template: :1: error calling join: wrong type for value; expected []string; got ${goType(list)}`);
    return list.map(toStr).join(toStr(sep));
  },
  split: (s, sep) => toStr(s).split(toStr(sep)),
  lower: (s) => toStr(s).toLowerCase(),
  upper: (s) => toStr(s).toUpperCase(),
  title: (s) => toStr(s).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  println: (...args) => args.map((a) => goString(a)).join(' ') + '\n',
  print: (...args) => args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + goString(a)).join(''),
  printf: (format, ...args) => sprintf(toStr(format), args),
  len: (v) => {
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw new TemplateError(`template: :1: error calling len: len of type ${goType(v)}`);
  },
  eq: (a, ...bs) => bs.some((b) => a === b || (a == null && b == null)),
  ne: (a, b) => a !== b,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  and: (...args) => { for (const a of args) if (!truthy(a)) return a; return args[args.length - 1]; },
  or: (...args) => { for (const a of args) if (truthy(a)) return a; return args[args.length - 1]; },
  not: (a) => !truthy(a),
  // Docker's own additions (cli/templates): pad and truncate
  pad: (s, prefix, suffix) => ' '.repeat(Number(prefix)) + toStr(s) + ' '.repeat(Number(suffix)),
  truncate: (s, n) => { const c = [...toStr(s)]; return c.length > Number(n) ? c.slice(0, Number(n)).join('') : toStr(s); },
  slice: (v, ...ix) => {
    const nums = ix.map(Number);
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(nums[0] ?? 0, nums[1]);
    throw new TemplateError(`template: :1: error calling slice: can't slice item of type ${goType(v)}`);
  },
};

// ---- execution ---------------------------------------------------------------------
interface Scope { vars: Map<string, unknown>; parent?: Scope }

function lookupVar(scope: Scope, name: string): unknown {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
  throw new TemplateError(`template: :1: undefined variable: ${name}`);
}

function evalOperand(op: Operand, dot: unknown, scope: Scope): unknown {
  if (op.kind === 'lit') return op.value;
  if (op.kind === 'ident') return FUNCS[op.name]();
  let v = op.base === 'dot' ? dot : op.base === 'var' ? lookupVar(scope, op.name!) : evalPipe(op.expr!, dot, scope);
  for (const name of op.chain) v = field(v, name);
  return v;
}

function evalPipe(pipe: Pipeline, dot: unknown, scope: Scope): unknown {
  let value: unknown;
  let has = false;
  for (const cmd of pipe.cmds) {
    const [first, ...rest] = cmd.operands;
    if (first.kind === 'ident') {
      const args = rest.map((o) => evalOperand(o, dot, scope));
      if (has) args.push(value);
      value = FUNCS[first.name](...args);
    } else {
      if (rest.length || has) throw new TemplateError(`template: :1: can't give argument to non-function ${first.kind === 'lit' ? goString(first.value) : '.' + (first.chain ?? []).join('.')}`);
      value = evalOperand(first, dot, scope);
    }
    has = true;
  }
  if (pipe.decl.length === 1) scope.vars.set(pipe.decl[0], value);
  return value;
}

function exec(nodes: Node[], dot: unknown, scope: Scope, out: string[]): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text': out.push(n.text); break;
      case 'action': {
        const v = evalPipe(n.pipe, dot, scope);
        if (!n.pipe.decl.length) out.push(goString(v));
        break;
      }
      case 'if': case 'with': {
        const inner: Scope = { vars: new Map(), parent: scope };
        const v = evalPipe(n.pipe, dot, inner);
        if (truthy(v)) exec(n.body, n.kind === 'with' ? v : dot, inner, out);
        else exec(n.else, dot, inner, out);
        break;
      }
      case 'range': {
        const inner: Scope = { vars: new Map(), parent: scope };
        const decl = n.pipe.decl;
        const v = evalPipe({ decl: [], cmds: n.pipe.cmds }, dot, inner);
        const entries: [unknown, unknown][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : v && typeof v === 'object'
            ? Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
            : typeof v === 'number'
              ? Array.from({ length: Math.max(0, v) }, (_x, i) => [i, i])
              : v === undefined || v === null
                ? []
                : (() => { throw new TemplateError(`template: :1: range can't iterate over ${goString(v)}`); })();
        if (!entries.length) { exec(n.else, dot, inner, out); break; }
        for (const [k, x] of entries) {
          if (decl.length === 1) inner.vars.set(decl[0], x);
          if (decl.length === 2) { inner.vars.set(decl[0], k); inner.vars.set(decl[1], x); }
          exec(n.body, x, inner, out);
        }
        break;
      }
    }
  }
}

export function render(tmpl: Template, data: unknown): string {
  const out: string[] = [];
  exec(tmpl.nodes, data, { vars: new Map([['$', data]]) }, out);
  return out.join('');
}

/** parse + render in one go. */
export function execute(source: string, data: unknown): string {
  return render(parse(source), data);
}
