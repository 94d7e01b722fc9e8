/**
 * Checks a parsed value (a request body, an image config) against its
 * schema (ajv, compiled once per schema) and words a refusal as dockerd
 * does: a wrong JSON kind as Go's decoder reports it, a refused value as
 * Docker's own check says it.
 *
 *   checkValue(execCreate, { Cmd: 5 })
 *   → InvalidArgumentError('invalid JSON: json: cannot unmarshal number into Go value of type string')
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidArgumentError } from '../errors.js';
import type { Check, GoSchema } from './go-schema.js';
import { normalize } from './normalize.js';

// First error only, as Go's decoder; no built-in messages (errors are worded below from the path and schema).
const ajv = new Ajv({ allErrors: false, messages: false, removeAdditional: true, allowUnionTypes: true });
ajv.addVocabulary(['goType', 'goStruct', 'goVia', 'goDecode']);
ajv.addKeyword({
  keyword: 'check',
  post: true, // after the types below it are known to be right
  errors: true,
  validate: function runCheck(check: Check<unknown>, data: unknown): boolean {
    const message = check(data);
    (runCheck as { errors?: Partial<ErrorObject>[] }).errors = message ? [{ keyword: 'check', message, params: {} }] : [];
    return !message;
  },
});

const compiled = new WeakMap<GoSchema, ValidateFunction>();

/** ajv turns a schema into code once; a big one (a container create) takes a fraction of a second. */
export function compileSchema(schema: GoSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

/** The value, normalized in place as Go decodes it; an InvalidArgumentError in Docker's words otherwise. */
export function checkValue<T>(schema: GoSchema<T>, value: unknown): T {
  const validate = compileSchema(schema);
  const body = normalize(value, schema);
  if (validate(body)) return body as T;
  throw new InvalidArgumentError(describe(validate.errors![0]!, schema, body));
}

function describe(error: ErrorObject, root: GoSchema, body: unknown): string {
  if (error.keyword === 'check') return error.message ?? 'invalid value';
  // Walk the schema and the value down the error's path, as Go's decoder
  // tracks its field stack: struct fields are named, map keys and list
  // indexes are not.
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let schema = root;
  let data = body;
  let struct: string | undefined;
  const fields: string[] = [];
  for (const segment of path) {
    if (schema.goDecode) break;
    const properties = schema.properties as Record<string, GoSchema> | undefined;
    const child = properties?.[segment] ?? (schema.items as GoSchema | undefined) ?? (schema.additionalProperties as GoSchema);
    if (properties) {
      struct = schema.goStruct as string;
      if (child.goVia) fields.push(child.goVia as string);
      fields.push(segment);
    }
    schema = child;
    data = (data as Record<string, unknown>)[segment];
  }
  if (schema.goDecode) return `invalid JSON: json: cannot unmarshal ${jsonKind(data)} into Go value of type ${schema.goDecode}`;
  const value = typeof data === 'number' && schema.type === 'integer' ? `number ${JSON.stringify(data)}` : jsonKind(data);
  const target = struct ? `Go struct field ${struct}.${fields.join('.')}` : 'Go value';
  return `invalid JSON: json: cannot unmarshal ${value} into ${target} of type ${schema.goType}`;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number, object
}
