/**
 * JSON Schemas that know the Go types behind Docker's API. dockerd decodes
 * each request body into a Go struct, so what it accepts, and how it words
 * a refusal, follows Go's encoding/json:
 *
 *   - a field of the wrong JSON kind is refused as
 *     `json: cannot unmarshal number into Go struct field CreateRequest.Config.Labels of type string`
 *     (the innermost struct, the field path from the body's root, the Go type);
 *   - `null` leaves a field at its zero value, unknown fields are dropped,
 *     field names match case-insensitively and a StrSlice may be one string
 *     (normalize.ts does these).
 *
 * The builders below write plain JSON Schema (checked by ajv) plus a few
 * annotations the error wording needs:
 *
 *   goType    the Go type as Go prints it (`int64`, `[]string`, `container.HostConfig`)
 *   goStruct  on a struct: its name in field errors (`HostConfig`)
 *   goVia     on a field promoted from an embedded struct: that struct's field name
 *   goDecode  on a type with its own UnmarshalJSON (StrSlice): every error
 *             inside reads `into Go value of type <goDecode>`
 *   check     a Docker value check run once the types are right: returns
 *             the refusal (Docker's words) or undefined
 *
 *   const Policy = struct('container.RestartPolicy', {
 *     Name: string(), MaximumRetryCount: int(),
 *   }, { check: restartPolicyCheck });
 */
import type { SchemaObject } from 'ajv';

/** A schema whose valid values have the TypeScript type T. */
export interface GoSchema<T = unknown> extends SchemaObject {
  goType: string;
  /** Never set: carries T for the route's handler. */
  readonly __value?: T;
}

export type Check<T> = (value: T) => string | undefined;
export type Fields = Record<string, GoSchema>;

function withCheck<T>(schema: GoSchema<T>, check?: Check<T>): GoSchema<T> {
  return check ? { ...schema, check } : schema;
}

export function string(check?: Check<string>): GoSchema<string> {
  return withCheck({ type: 'string', goType: 'string' }, check);
}

export function bool(): GoSchema<boolean> {
  return { type: 'boolean', goType: 'bool' };
}

/** Integers within the Go type's range: outside it Go refuses the number itself. */
function integer(goType: string, minimum: number, maximum: number, check?: Check<number>): GoSchema<number> {
  return withCheck({ type: 'integer', goType, minimum, maximum }, check);
}

const INT64_MAX = 2 ** 63 - 1;
export const int64 = (check?: Check<number>) => integer('int64', -INT64_MAX - 1, INT64_MAX, check);
export const int = (check?: Check<number>) => integer('int', -INT64_MAX - 1, INT64_MAX, check);
export const uint16 = (check?: Check<number>) => integer('uint16', 0, 0xffff, check);
export const uint32 = (check?: Check<number>) => integer('uint32', 0, 0xffffffff, check);
export const uint64 = (check?: Check<number>) => integer('uint64', 0, INT64_MAX * 2, check);
export const fileMode = () => integer('fs.FileMode', 0, 0xffffffff);

export function list<T>(items: GoSchema<T>, o: { goType?: string; check?: Check<T[]> } = {}): GoSchema<T[]> {
  return withCheck({ type: 'array', items, goType: o.goType ?? `[]${items.goType}` }, o.check);
}

export function map<T>(values: GoSchema<T>, o: { goType?: string; check?: Check<Record<string, T>> } = {}): GoSchema<Record<string, T>> {
  return withCheck({ type: 'object', additionalProperties: values, goType: o.goType ?? `map[string]${values.goType}` }, o.check);
}

/** `map[string]struct {}` (ExposedPorts, Volumes): any object as value, its content ignored. */
export function set(goType = 'map[string]struct {}'): GoSchema<Record<string, object>> {
  return map({ type: 'object', goType: 'struct {}' } as GoSchema<object>, { goType });
}

/**
 * A struct: `goType` as Go prints it (`container.HostConfig`), T the shape
 * its handler reads. `embedded` fields are promoted as Go does, and named in
 * errors by way of the embedded struct (`HostConfig.Resources.Memory`).
 */
export function struct<T>(goType: string, fields: Fields, o: { embedded?: Record<string, Fields>; check?: Check<T> } = {}): GoSchema<T> {
  const properties: Fields = {};
  for (const [via, promoted] of Object.entries(o.embedded ?? {})) {
    for (const [name, schema] of Object.entries(promoted)) properties[name] = { ...schema, goVia: via };
  }
  Object.assign(properties, fields);
  return withCheck<T>({ type: 'object', properties, additionalProperties: false, goType, goStruct: goType.replace(/^.*\./, '') }, o.check);
}

/**
 * Docker's StrSlice (Cmd, Entrypoint, Shell, CapAdd): a list of strings or
 * one string, which decodes to a list of that one string (normalize.ts).
 * Its own decoder tries both and reports the string attempt's error.
 */
export const STR_SLICE = 'strslice.StrSlice';
export function strSlice(): GoSchema<string[]> {
  return { type: 'array', items: string(), goType: STR_SLICE, goDecode: 'string' };
}
