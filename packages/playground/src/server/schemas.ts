/**
 * Every body, query and terminal message a client sends, as a JSON Schema
 * checked with ajv before anything acts on it: an unknown field or a wrong
 * type is a 400 naming it, never a coerced value.
 */
import { Ajv, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { PlayError } from './messages.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export interface CreateSessionBody { template?: 'blank' | 'one' | 'three'; stack?: string; restore?: string }
export interface SaveBody { name?: string }
export interface FilesQuery { path: string; t?: string; lang?: string }
export type TerminalMessage = { type: 'input'; data: string } | { type: 'resize'; cols: number; rows: number };

export const createSessionBody = ajv.compile<CreateSessionBody>({
  type: 'object', additionalProperties: false,
  properties: {
    template: { type: 'string', enum: ['blank', 'one', 'three'], nullable: true },
    stack: { type: 'string', maxLength: 2048, pattern: '^https?://', nullable: true },
    // A hub reference: [host[:port]/]account/name[:tag]
    restore: { type: 'string', maxLength: 255, pattern: '^[a-z0-9][a-z0-9._:/-]*$', nullable: true },
  },
} satisfies JSONSchemaType<CreateSessionBody>);

export const saveBody = ajv.compile<SaveBody>({
  type: 'object', additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 64, pattern: '^[a-z0-9]+(?:[._-][a-z0-9]+)*$', nullable: true } },
} satisfies JSONSchemaType<SaveBody>);

/**
 * A path relative to the instance's working directory: no leading '/', no
 * '.'/'..' segment, no NUL. The engine's archive API still resolves it inside
 * the container's root; this only keeps nonsense out early.
 */
export const filesQuery = ajv.compile<FilesQuery>({
  type: 'object', additionalProperties: false, required: ['path'],
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 1024, pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))(?!.*//)[^\\x00]+$' },
    t: { type: 'string', maxLength: 64, nullable: true },
    lang: { type: 'string', maxLength: 8, nullable: true },
  },
} satisfies JSONSchemaType<FilesQuery>);

export const terminalMessage = ajv.compile<TerminalMessage>({
  oneOf: [
    {
      type: 'object', additionalProperties: false, required: ['type', 'data'],
      properties: { type: { type: 'string', const: 'input' }, data: { type: 'string', maxLength: 65536 } },
    },
    {
      type: 'object', additionalProperties: false, required: ['type', 'cols', 'rows'],
      properties: {
        type: { type: 'string', const: 'resize' },
        cols: { type: 'integer', minimum: 1, maximum: 1000 },
        rows: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    },
  ],
} as unknown as JSONSchemaType<TerminalMessage>);

/** Only the query parameters each route knows, as short strings. */
export function queryCheck(names: string[]) {
  return ajv.compile<Record<string, string>>({
    type: 'object', additionalProperties: false,
    properties: Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 4096 }])),
  });
}

/** What a pattern means, for the people who did not match it. */
const PATTERN_MEANING: Record<string, string> = {
  '/path': 'must be a path relative to the working directory, without "." or ".." parts',
  '/stack': 'must be an http:// or https:// URL',
  '/restore': 'must be an image reference such as alice/session:1',
  '/name': 'must be lower-case letters, digits and single . _ - between them',
};

/** `value` typed, or a 400 naming the first problem: `/template must be equal to one of the allowed values`. */
export function validated<T>(check: ValidateFunction<T>, value: unknown): T {
  if (check(value)) return value;
  const e = check.errors?.[0];
  if (e?.keyword === 'pattern' && PATTERN_MEANING[e.instancePath]) {
    throw new PlayError(400, 'badRequest', { detail: `${e.instancePath} ${PATTERN_MEANING[e.instancePath]}` });
  }
  const where = e?.instancePath || (e?.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : '');
  throw new PlayError(400, 'badRequest', { detail: `${where || 'request'} ${e?.message ?? 'is invalid'}` });
}
