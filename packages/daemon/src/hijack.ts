/**
 * Taking over the connection for attach and exec: with `Upgrade: tcp` the
 * client expects `101 UPGRADED`, older clients a bare `200 OK`; either way
 * the socket then carries the raw stream (Docker's 8-byte frames unless TTY).
 */
import type { Duplex } from 'node:stream';
import type { RouteContext } from './router.js';
import { RESPONSE_HEADERS } from './version.js';
import { readJsonBody } from './http-util.js';

const hijacked = new WeakSet<Duplex>();

export function isHijacked(socket: Duplex): boolean {
  return hijacked.has(socket);
}

export function hijack(ctx: RouteContext, contentType: string): Duplex {
  const socket = ctx.upgrade?.socket ?? ctx.req.socket;
  const status = ctx.upgrade ? 'HTTP/1.1 101 UPGRADED' : 'HTTP/1.1 200 OK';
  const headers = { ...RESPONSE_HEADERS, 'Content-Type': contentType, ...(ctx.upgrade ? { Connection: 'Upgrade', Upgrade: 'tcp' } : {}) };
  socket.write(`${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  hijacked.add(socket);
  if (!ctx.upgrade) {
    // Stop node's HTTP machinery from writing its own response on this socket.
    ctx.res.detachSocket(socket as never);
  }
  return socket;
}

/** Docker's stream header: [stream, 0, 0, 0, size (big-endian uint32)]. */
export function frame(stream: 1 | 2, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** A hijacked request's JSON body is small: anything longer is not one. */
const MAX_UPGRADE_BODY = 1024 * 1024;

/**
 * The JSON body of an attach or exec start. With `Upgrade`, node hands over
 * the raw socket: the body is its first Content-Length bytes and whatever
 * follows is already the stream (the client's stdin), returned as `rest`.
 * Without, node reads the body as for any request.
 */
export async function readHijackBody<T extends object>(ctx: RouteContext): Promise<{ body: Partial<T>; rest: Buffer }> {
  if (!ctx.upgrade) return { body: await readJsonBody<Partial<T>>(ctx.req), rest: Buffer.alloc(0) };
  const length = Math.min(Number(ctx.req.headers['content-length'] ?? 0) || 0, MAX_UPGRADE_BODY);
  const socket = ctx.upgrade.socket;
  let data = ctx.upgrade.head;
  while (data.length < length) {
    const chunk = await new Promise<Buffer | null>((resolve) => {
      const onData = (c: Buffer) => { cleanup(); resolve(c); };
      const onEnd = () => { cleanup(); resolve(null); };
      const cleanup = () => { socket.off('data', onData); socket.off('end', onEnd); socket.pause(); };
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.resume();
    });
    if (!chunk) break;
    data = Buffer.concat([data, chunk]);
  }
  let body: Partial<T> = {};
  // As dockerd on a hijacked request, a body that is not JSON is no error.
  try { body = length ? JSON.parse(data.subarray(0, length).toString('utf8')) ?? {} : {}; } catch { /* ignored */ }
  return { body: typeof body === 'object' ? body : {}, rest: data.subarray(length) };
}
