/** Request and response helpers shared by every route. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@quai/common';

const MAX_JSON_BODY = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InvalidArgumentError(`request body too large (over ${limit} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The JSON body, `{}` when empty; a 400 with Docker's wording when malformed. */
export async function readJsonBody<T>(req: IncomingMessage): Promise<T> {
  const body = await readBody(req);
  if (body.length === 0) return {} as T;
  try {
    const value = JSON.parse(body.toString('utf8'));
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value as T;
  } catch (err) {
    throw new InvalidArgumentError(`invalid JSON: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendNoContent(res: ServerResponse, status = 204): void {
  res.writeHead(status);
  res.end();
}

/** Docker's boolean query values: 1/true/True are true, absent/0/false are false. */
export function queryBool(query: URLSearchParams, name: string, fallback = false): boolean {
  const v = query.get(name);
  if (v === null || v === '') return fallback;
  return !['0', 'false', 'False', 'FALSE', 'no'].includes(v);
}

export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`invalid value for ${name}: ${v}`);
  return n;
}

/**
 * Docker's `filters` query: JSON `{"name": ["a"], "label": ["k=v"]}`, or the
 * old `{"name": {"a": true}}` form. Returns name → values.
 */
export function parseFilters(query: URLSearchParams): Map<string, string[]> {
  const raw = query.get('filters');
  const out = new Map<string, string[]>();
  if (!raw) return out;
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch { throw new InvalidArgumentError(`invalid filter: ${raw}`); }
  if (!parsed || typeof parsed !== 'object') throw new InvalidArgumentError(`invalid filter: ${raw}`);
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(value)) out.set(key, value.map(String));
    else if (value && typeof value === 'object') out.set(key, Object.keys(value));
    else throw new InvalidArgumentError(`invalid filter '${key}'`);
  }
  return out;
}

/** Start a newline-delimited JSON stream (pull, load, build progress). */
export function startJsonStream(res: ServerResponse): (value: unknown) => void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  return (value) => { if (!res.destroyed) res.write(JSON.stringify(value) + '\r\n'); };
}
