/**
 * The JSON API's request bodies as JSON Schemas, checked with ajv before a
 * handler reads a field: a wrong type (`{"name":123}`) or an unknown field
 * is a 400 that names the field, never a coerced value.
 */
import { Ajv, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { HttpError } from '../http/respond.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export interface SignUpBody { name: string; password: string; admin?: boolean }
export interface OrgBody { name: string }
export interface TokenBody { label?: string; scope?: string }
export interface RepoPatch { private?: boolean; description?: string; readme?: string }
export interface WebhookBody { url: string }

const text = (maxLength: number) => ({ type: 'string', maxLength } as const);

export const signUpBody = ajv.compile<SignUpBody>({
  type: 'object', additionalProperties: false, required: ['name', 'password'],
  properties: { name: text(64), password: text(1024), admin: { type: 'boolean', nullable: true } },
} satisfies JSONSchemaType<SignUpBody>);

export const orgBody = ajv.compile<OrgBody>({
  type: 'object', additionalProperties: false, required: ['name'], properties: { name: text(64) },
} satisfies JSONSchemaType<OrgBody>);

export const tokenBody = ajv.compile<TokenBody>({
  type: 'object', additionalProperties: false,
  properties: { label: { ...text(100), nullable: true }, scope: { ...text(40), nullable: true } },
} satisfies JSONSchemaType<TokenBody>);

export const repoPatch = ajv.compile<RepoPatch>({
  type: 'object', additionalProperties: false,
  properties: { private: { type: 'boolean', nullable: true }, description: { ...text(200), nullable: true }, readme: { ...text(100_000), nullable: true } },
} satisfies JSONSchemaType<RepoPatch>);

export const webhookBody = ajv.compile<WebhookBody>({
  type: 'object', additionalProperties: false, required: ['url'], properties: { url: text(2048) },
} satisfies JSONSchemaType<WebhookBody>);

/** `value` typed, or a 400 naming the first problem: `/name must be string`. */
export function validated<T>(check: ValidateFunction<T>, value: unknown): T {
  if (check(value)) return value;
  const e = check.errors?.[0];
  const where = e?.instancePath || (e?.params && 'additionalProperty' in e.params ? `/${String(e.params.additionalProperty)}` : 'body');
  throw new HttpError(400, `invalid request: ${where} ${e?.message ?? 'is invalid'}`);
}
