/**
 * Variable substitution as the Compose Specification defines it:
 *
 *   $$            a literal $
 *   $V  ${V}      V's value ("" and a warning when unset)
 *   ${V:-d} ${V-d}   d when V is unset or empty (:-) / unset (-)
 *   ${V:?e} ${V?e}   an error "required variable V is missing a value: e"
 *   ${V:+r} ${V+r}   r when V is set and not empty (:+) / set (+), else ""
 *
 * Defaults and messages may hold further substitutions (`${A:-${B}}`).
 * Only values are substituted, never keys.
 */
import type { PathSegment } from './yaml-source.js';

export type Lookup = (name: string) => string | undefined;

export class InterpolationError extends Error {
  constructor(message: string, readonly path: readonly PathSegment[] = []) {
    super(message);
    this.name = 'InterpolationError';
  }
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/** The index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(expr: string, lookup: Lookup, template: string, warn?: (name: string) => void): string {
  const m = NAME.exec(expr);
  if (!m) throw new InterpolationError(`Invalid template: "${template}"`);
  const name = m[0];
  const rest = expr.slice(name.length);
  const value = lookup(name);
  if (!rest) {
    if (value === undefined) warn?.(name);
    return value ?? '';
  }
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw new InterpolationError(`Invalid template: "${template}"`);
  const arg = () => substitute(rest.slice(op.length), lookup, warn);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-': return nonEmpty ? value! : arg();
    case '-': return set ? value! : arg();
    case ':+': return nonEmpty ? arg() : '';
    case '+': return set ? arg() : '';
    case ':?':
    case '?': {
      if (op === ':?' ? nonEmpty : set) return value!;
      const reason = arg();
      throw new InterpolationError(reason ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`);
    }
  }
}

/** One string with every `$...` replaced. */
export function substitute(template: string, lookup: Lookup, warn?: (name: string) => void): string {
  if (!template.includes('$')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(template, dollar + 1);
      if (close < 0) throw new InterpolationError(`Invalid template: "${template}"`);
      out += braced(template.slice(dollar + 2, close), lookup, template, warn);
      i = close + 1;
    } else {
      const m = NAME.exec(template.slice(dollar + 1));
      if (!m) throw new InterpolationError(`Invalid template: "${template}"`);
      const value = lookup(m[0]);
      if (value === undefined) warn?.(m[0]);
      out += value ?? '';
      i = dollar + 1 + m[0].length;
    }
  }
  return out;
}

/** Every string value in a parsed file, substituted; errors carry the path of the value. */
export function interpolateTree(value: unknown, lookup: Lookup, warn?: (name: string) => void, path: PathSegment[] = []): unknown {
  if (typeof value === 'string') {
    try {
      return substitute(value, lookup, warn);
    } catch (err) {
      if (err instanceof InterpolationError) throw new InterpolationError(err.message, path);
      throw err;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, lookup, warn, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateTree(v, lookup, warn, [...path, k]);
    return out;
  }
  return value;
}
