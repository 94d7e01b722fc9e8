/**
 * A route's JSON body, read, parsed and checked before its handler runs:
 * the Content-Type as dockerd's CheckForJSON wants it, a size limit (413),
 * Go's syntax errors and the schema (validator.ts). An empty body is the
 * zero value, `{}`, as in dockerd.
 *
 * Upgraded requests (exec start, attach) carry their body on the raw
 * socket: the first Content-Length bytes are the body, anything after them
 * is already the client's stdin and is handed back as `rest`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { InvalidArgumentError } from '@quai/common';
import type { GoSchema } from '@quai/common/schema/go-schema';
import { JsonSyntaxError, parseJson } from '@quai/common/schema/json-text';
import { checkValue } from '@quai/common/schema/check';

/** No Engine API JSON body comes near this; seccomp profiles, the largest, are tens of KiB. */
export const MAX_JSON_BODY = 4 * 1024 * 1024;

/** How much of a refused body is read and dropped so the client gets its 413; past it the connection is cut. */
const MAX_DISCARD = 64 * 1024 * 1024;

/** 413: the one error that is not a kind of bad argument (errors.ts maps it). */
export class BodyTooLargeError extends InvalidArgumentError {
  constructor(limit: number) { super(`request body too large (over ${limit} bytes)`); }
}

export async function readJsonBody<T>(schema: GoSchema<T>, req: IncomingMessage, upgrade?: { socket: Duplex; head: Buffer }): Promise<{ body: T; rest: Buffer }> {
  checkContentType(req);
  const { data, rest } = upgrade ? await readFromSocket(req, upgrade.socket, upgrade.head) : { data: await readAll(req), rest: Buffer.alloc(0) };
  const text = data.toString('utf8');
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = parseJson(text);
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw new InvalidArgumentError(`invalid JSON: ${err.message}`);
      throw err;
    }
  }
  return { body: checkValue(schema, value), rest };
}

/**
 * What follows an upgraded request's body, the body itself skipped unread:
 * dockerd reads no body on attach, yet some clients (dockerode) send their
 * options as one, which must not reach the container's stdin.
 */
export async function skipUpgradeBody(req: IncomingMessage, upgrade: { socket: Duplex; head: Buffer }): Promise<Buffer> {
  return (await readFromSocket(req, upgrade.socket, upgrade.head)).rest;
}

/** dockerd's CheckForJSON: a body must say it is JSON; no body needs no type. */
function checkContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'] ?? '';
  const length = req.headers['content-length'];
  const hasBody = length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (!type && !hasBody) return;
  const media = type.split(';')[0]!.trim().toLowerCase();
  if (!media) throw new InvalidArgumentError(`malformed Content-Type header (${type}): mime: no media type`);
  if (media !== 'application/json') throw new InvalidArgumentError(`unsupported Content-Type header (${type}): must be 'application/json'`);
}

/** After a 413, the rest of the body is read and dropped (up to a bound), so the client, still writing, reads the answer. */
export function discardRest(req: IncomingMessage): void {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DISCARD) req.socket.destroy();
  });
  req.resume();
}

function declaredLength(req: IncomingMessage): number {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_JSON_BODY) throw new BodyTooLargeError(MAX_JSON_BODY);
  return length;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  declaredLength(req);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new BodyTooLargeError(MAX_JSON_BODY);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readFromSocket(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ data: Buffer; rest: Buffer }> {
  const length = declaredLength(req);
  let data = head;
  while (data.length < length) {
    const chunk = await nextChunk(socket);
    if (!chunk) break;
    data = Buffer.concat([data, chunk]);
  }
  return { data: data.subarray(0, length), rest: data.subarray(length) };
}

/** One chunk from a paused socket, which stays paused for whoever reads next. */
function nextChunk(socket: Duplex): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const done = (chunk: Buffer | null) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.pause();
      resolve(chunk);
    };
    const onData = (c: Buffer) => done(c);
    const onEnd = () => done(null);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.resume();
  });
}
