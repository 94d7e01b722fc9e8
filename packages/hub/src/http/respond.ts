/** Response helpers; `sendError` is the one place an error becomes HTTP. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RegistryError } from '../registry/errcode.js';
import { TooManyAttemptsError } from '../auth/login-guard.js';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

export function sendError(res: ServerResponse, err: unknown, log: (msg: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof TooManyAttemptsError) {
    sendJson(res, 429, { message: err.message, errors: [{ code: 'TOOMANYREQUESTS', message: err.message }] }, { 'Retry-After': String(err.retryAfterSeconds) });
  } else if (err instanceof RegistryError) {
    sendJson(res, err.status, err.toJSON());
  } else if (err instanceof HttpError) {
    sendJson(res, err.status, { message: err.message, errors: [{ code: 'UNKNOWN', message: err.message }] });
  } else {
    log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
    sendJson(res, 500, new RegistryError('UNKNOWN', (err as Error)?.message).toJSON());
  }
}

export async function readBody(req: IncomingMessage, limit: number, tooBig: () => Error): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooBig();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooBig();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const MiB = 1024 * 1024;

/**
 * Reads and drops what is left of a refused request's body, when it is
 * small (a manifest too big, a body sent before a 401), before the answer
 * goes: a server that answers and closes while the client still sends
 * makes the client's TCP stack see a reset, and the client reports a
 * broken pipe instead of the answer. Bigger bodies, or slower ones, are
 * cut (the connection closes on them).
 */
export async function drainBody(req: IncomingMessage, limit = 16 * MiB, ms = 2000): Promise<void> {
  if (req.readableEnded || req.destroyed || Number(req.headers['content-length'] ?? 0) > limit) return;
  await new Promise<void>((resolve) => {
    let seen = 0;
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limit) done();
    };
    const timer = setTimeout(done, ms);
    req.on('data', onData).once('end', done).once('error', done).once('close', done);
    req.resume();
  });
}

/** Parses `user:pass` from a Basic Authorization header. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { username: text.slice(0, i), password: text.slice(i + 1) };
}
