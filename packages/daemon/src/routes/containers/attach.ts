/**
 * `POST /containers/{id}/attach?stream=&stdin=&stdout=&stderr=&logs=&detachKeys=`:
 * hijack the connection. With stdin (and a container opened with -i) the
 * stream goes through conmon's attach socket both ways (attach-stdio.ts);
 * otherwise the output is followed from the log until the container exits,
 * which is how `docker run` (attached, before start) gets output live.
 */
import type { RouteContext } from '../../router.js';
import { queryBool } from '../../http-util.js';
import { frame, hijack } from '../../hijack.js';
import { skipUpgradeBody } from '../../validation/request-body.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from './attach-detach.js';
import { bridge, socketClient } from './attach-stdio.js';

export async function attach(ctx: RouteContext): Promise<void> {
  const { query, params, engine } = ctx;
  const c = engine.containers.get(params.id!);
  // Some clients (dockerode) send their options as a JSON body too: it is no stdin.
  const stdinHead = ctx.upgrade ? await skipUpgradeBody(ctx.req, ctx.upgrade) : Buffer.alloc(0);
  const streams = { stdout: queryBool(query, 'stdout'), stderr: queryBool(query, 'stderr') };
  const tty = !!c.config.Tty;
  const contentType = tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream';
  const write = (socket: import('node:stream').Duplex, stream: 'stdout' | 'stderr', data: Buffer) => {
    if (!socket.destroyed) socket.write(tty ? data : frame(stream === 'stdout' ? 1 : 2, data));
  };
  const past = queryBool(query, 'logs')
    ? engine.containers.logs(c.id, { ...streams, follow: false })
    : undefined;

  if (queryBool(query, 'stdin') && c.config.OpenStdin && queryBool(query, 'stream')) {
    // Errors (bad keys, helper missing) are answered before the hijack.
    // As Docker, detach keys apply to a terminal only: plain stdin is data.
    const keys = parseDetachKeys(query.get('detachKeys') || DEFAULT_DETACH_KEYS);
    const clientFd = handOverFd(ctx, { tty, stdinOnce: !!c.config.StdinOnce, logs: !!past, stdinHead });
    const session = engine.containers.attachStdio(c.id, { stdin: true, ...streams, mux: !tty, clientFd });
    const socket = hijack(ctx, contentType);
    engine.events.publish('container', 'attach', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name });
    if (clientFd !== undefined) {
      await new Promise<void>((resolve) => { session.output.once('end', resolve); session.output.resume(); });
      socket.destroy();
      return;
    }
    if (past) for await (const e of past) write(socket, e.stream, e.data);
    await bridge(socketClient(socket), session, { keys: tty ? keys : [], head: stdinHead, endWithInput: tty || !c.config.StdinOnce });
    return;
  }

  const abort = new AbortController();
  const output = queryBool(query, 'stream')
    ? await engine.containers.attachOutput(c.id, streams, abort.signal)
    : undefined;
  const socket = hijack(ctx, contentType);
  socket.on('close', () => abort.abort());
  socket.resume(); // no stdin asked for: drain what the client sends
  engine.events.publish('container', 'attach', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name });
  if (past) for await (const e of past) write(socket, e.stream, e.data);
  if (output) for await (const e of output) write(socket, e.stream, e.data);
  socket.end();
}

/**
 * `docker run -i` streams stdin and output in bulk: when nothing else rides
 * on the connection (no TTY and detach keys, no log replay, no stdin already
 * read with the request, the attach ending with stdin), the helper gets the
 * connection's fd itself and the stream never passes through the daemon.
 */
function handOverFd(ctx: RouteContext, o: { tty: boolean; stdinOnce: boolean; logs: boolean; stdinHead: Buffer }): number | undefined {
  if (o.tty || !o.stdinOnce || o.logs || !ctx.upgrade || o.stdinHead.length) return undefined;
  const socket = ctx.upgrade.socket;
  const handle = (socket as unknown as { _handle?: { fd?: number; readStop?: () => number } })._handle;
  const fd = handle?.fd;
  if (fd === undefined || fd <= 2 || socket.readableLength || !handle?.readStop) return undefined;
  // Stop reading now, before the 101 goes out: every byte the client sends from then on is the helper's.
  // (The HTTP parser started the reads, so pause() alone does not stop them.)
  socket.pause();
  handle.readStop();
  return fd;
}

/** `POST /containers/{id}/resize?h=&w=`: the terminal size of a TTY container. */
export async function resize(ctx: RouteContext): Promise<void> {
  const { query, params, engine, res } = ctx;
  const h = Number(query.get('h') ?? 0);
  const w = Number(query.get('w') ?? 0);
  await engine.containers.resize(params.id!, h, w);
  res.writeHead(200, { 'Content-Length': 0 });
  res.end();
}
