/**
 * The HTTP edge: requests in, JSON and errors out. Errors become HTTP here
 * and nowhere else: a PlayError keeps its status and message (in the
 * request's language); an engine refusal keeps the engine's status and
 * words; anything else is a 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, ConnectionError } from '@quai/client';
import { chooseLang, message, PlayError, type Lang } from './messages.js';
import type { ErrorJson } from '../shared/api.js';

export interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  lang: Lang;
}

export function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const url = new URL(req.url ?? '/', 'http://playground.invalid');
  return { req, res, url, lang: chooseLang(url.searchParams.get('lang'), req.headers['accept-language']) };
}

/** The token a request carries: `Authorization: Bearer T`, else `?t=T`. */
export function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return auth?.[1] ?? url.searchParams.get('t') ?? undefined;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** The error as `{"message": ...}` in `lang`, with Retry-After when trying later may work. */
export function errorAnswer(err: unknown, lang: Lang): { status: number; body: ErrorJson; headers: Record<string, string> } {
  if (err instanceof PlayError) {
    const body: ErrorJson = { message: message(lang, err.key, err.params) };
    if (err.retryAfter !== undefined) body.retryAfter = err.retryAfter;
    return { status: err.status, body, headers: err.retryAfter !== undefined ? { 'Retry-After': String(err.retryAfter) } : {} };
  }
  if (err instanceof ApiError) {
    const quota = /quota exceeded|no space left|out of memory/i.test(err.message);
    const status = err.statusCode >= 500 && !quota ? 502 : quota ? 507 : err.statusCode;
    return { status, body: { message: message(lang, quota ? 'quota' : 'engine', { detail: err.message }) }, headers: {} };
  }
  if (err instanceof ConnectionError) {
    return { status: 503, body: { message: message(lang, 'engineDown', { detail: err.hostUrl }), retryAfter: 5 }, headers: { 'Retry-After': '5' } };
  }
  return { status: 500, body: { message: message(lang, 'internal', { detail: (err as Error)?.message ?? String(err) }) }, headers: {} };
}

export function sendError(r: Request, err: unknown, log: (m: string) => void): void {
  const { status, body, headers } = errorAnswer(err, r.lang);
  if (status >= 500) log(`${r.req.method} ${r.url.pathname}: ${(err as Error)?.stack ?? String(err)}`);
  if (r.res.headersSent) {
    r.res.destroy();
    return;
  }
  sendJson(r.res, status, body, headers);
}

/** The whole body, at most `limit` bytes (a larger one is a 413). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PlayError(413, 'tooLarge', { max: Math.floor(limit / 1024 / 1024) });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new PlayError(413, 'tooLarge', { max: Math.floor(limit / 1024 / 1024) });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON body (empty = {}); not JSON is a 400. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, 64 * 1024)).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new PlayError(400, 'badRequest', { detail: 'the body is not JSON' });
  }
}
