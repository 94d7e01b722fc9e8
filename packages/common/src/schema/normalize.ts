/**
 * What Go's decoder does before any type is checked, done to the parsed
 * body in place, guided by its schema:
 *   - a struct field given as `null` keeps its zero value: the field is
 *     dropped, so handlers see it absent;
 *   - `null` in a map or list becomes the element's zero value ("" , 0, {}...);
 *   - field names match case-insensitively (`{"image": ...}` sets Image);
 *   - fields the struct does not have are dropped;
 *   - a StrSlice given as one string is a list of that string.
 */
import { STR_SLICE, type GoSchema } from './go-schema.js';

export function normalize(value: unknown, schema: GoSchema): unknown {
  if (value === null) return zeroValue(schema);
  if (schema.goType === STR_SLICE && typeof value === 'string') return [value];
  if (typeof value !== 'object' || schema.goDecode) return value;
  if (Array.isArray(value)) {
    const items = schema.items as GoSchema | undefined;
    if (items) for (let i = 0; i < value.length; i++) value[i] = normalize(value[i], items);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const fields = schema.properties as Record<string, GoSchema> | undefined;
  if (fields) {
    for (const key of Object.keys(obj)) {
      const name = fieldName(fields, key);
      const v = obj[key];
      delete obj[key];
      if (name === undefined || v === null || (name !== key && Object.hasOwn(obj, name))) continue;
      obj[name] = normalize(v, fields[name]!);
    }
    return obj;
  }
  const values = schema.additionalProperties;
  if (values && typeof values === 'object') {
    for (const key of Object.keys(obj)) obj[key] = normalize(obj[key], values as GoSchema);
  }
  return obj;
}

/** The struct field a JSON key sets: exact name first, then any case (Go's rule). */
function fieldName(fields: Record<string, GoSchema>, key: string): string | undefined {
  if (Object.hasOwn(fields, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === lower);
}

function zeroValue(schema: GoSchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': return '';
    case 'boolean': return false;
    case 'integer': case 'number': return 0;
    case 'array': return [];
    case 'object': return {};
    default: return null;
  }
}
