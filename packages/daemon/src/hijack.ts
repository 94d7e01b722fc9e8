/**
 * Taking over the connection for attach and exec: with `Upgrade: tcp` the
 * client expects `101 UPGRADED`, older clients a bare `200 OK`; either way
 * the socket then carries the raw stream (Docker's 8-byte frames unless TTY).
 */
import type { Duplex } from 'node:stream';
import type { RouteContext } from './router.js';
import { RESPONSE_HEADERS } from './version.js';

const hijacked = new WeakSet<Duplex>();

export function isHijacked(socket: Duplex): boolean {
  return hijacked.has(socket);
}

export function hijack(ctx: RouteContext<unknown>, contentType: string): Duplex {
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
