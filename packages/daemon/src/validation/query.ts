/**
 * Query parameters, checked before the handler runs. Each route declares
 * its parameters and their kind; a value of the wrong kind is refused with
 * the message dockerd's parsing gives (`strconv.Atoi: parsing "x": invalid
 * syntax`, `invalid filter`). Booleans never fail, as in Docker: "", 0, no,
 * false and none are false, anything else is true. Unknown parameters are
 * ignored, as dockerd ignores them.
 *
 *   { all: 'bool', limit: 'int', filters: 'filters', name: 'string' }
 */
import { InvalidArgumentError } from '@quai/common';
import type { GoSchema } from '@quai/common/schema/go-schema';
import { bool, list, map, string } from '@quai/common/schema/go-schema';
import { parseJson } from '@quai/common/schema/json-text';
import { checkValue } from '@quai/common/schema/check';

export type QueryKind =
  | 'string' | 'bool'
  /** Go's strconv.Atoi (int) and ParseInt (int64) */
  | 'int' | 'int64'
  /** JSON `{"key": ["v"]}` or the legacy `{"key": {"v": true}}` */
  | 'filters'
  /** JSON in a parameter (buildargs, labels): the schema, and what Docker calls it in errors */
  | { json: GoSchema; what: string }
  /** any other rule: the refusal in Docker's words, or undefined */
  | { check: (value: string) => string | undefined };

export type QuerySpec = Record<string, QueryKind>;

const FILTERS = map({ anyOf: [list(string()), map(bool())], goType: 'filters' } as unknown as GoSchema);

export function checkQuery(spec: QuerySpec, query: URLSearchParams): void {
  for (const [name, kind] of Object.entries(spec)) {
    for (const value of query.getAll(name)) checkParam(name, kind, value);
  }
}

function checkParam(name: string, kind: QueryKind, value: string): void {
  if (kind === 'string' || kind === 'bool') return;
  if (kind === 'int' || kind === 'int64') {
    if (value === '') return;
    const fn = kind === 'int' ? 'strconv.Atoi' : 'strconv.ParseInt';
    if (!/^[+-]?\d+$/.test(value)) throw new InvalidArgumentError(`${fn}: parsing ${JSON.stringify(value)}: invalid syntax`);
    const n = BigInt(value);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new InvalidArgumentError(`${fn}: parsing ${JSON.stringify(value)}: value out of range`);
    return;
  }
  if (kind === 'filters') {
    if (value === '') return;
    try {
      checkValue(FILTERS, parseJson(value));
    } catch {
      throw new InvalidArgumentError('invalid filter');
    }
    return;
  }
  if ('check' in kind) {
    const refusal = kind.check(value);
    if (refusal) throw new InvalidArgumentError(refusal);
    return;
  }
  if (value === '') return;
  try {
    checkValue(kind.json, parseJson(value));
  } catch (err) {
    const why = (err as Error).message.replace(/^invalid JSON: /, '');
    throw new InvalidArgumentError(`error reading ${kind.what}: ${why}`);
  }
}

/** A query parameter holding JSON, once checkQuery let it through. */
export function queryJson<T>(query: URLSearchParams, name: string): T | undefined {
  const raw = query.get(name);
  return raw ? (parseJson(raw) as T) : undefined;
}
