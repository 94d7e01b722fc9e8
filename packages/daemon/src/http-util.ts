/** Request and response helpers shared by every route. */
import type { ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@quai/common';

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
