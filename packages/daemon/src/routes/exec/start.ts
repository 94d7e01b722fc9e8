/**
 * `POST /exec/{id}/start` with `{"Detach": bool, "Tty": bool}`. Attached:
 * hijack the connection, send the output (8-byte frames unless Tty), copy
 * what the client sends to the process's stdin and close it when the client
 * half-closes; the stream ends once the process ended, so the client's
 * following `GET /exec/{id}/json` sees the exit code. Detached: 200, the
 * process runs on with no stdio.
 */
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendNoContent } from '../../http-util.js';
import { frame, hijack } from '../../hijack.js';

export async function start(ctx: RouteContext): Promise<void> {
  const { engine, params } = ctx;
  const { body, rest } = ctx.upgrade ? await upgradeBody(ctx) : { body: await readJsonBody<{ Detach?: boolean }>(ctx.req), rest: Buffer.alloc(0) };
  const e = engine.containers.execs.get(params.id!);
  const run = await engine.containers.execs.start(e.id);
  if (body.Detach) {
    run.stdin.end();
    run.stdout.resume();
    run.stderr.resume();
    if (ctx.upgrade) hijack(ctx, 'application/vnd.docker.raw-stream').end();
    else sendNoContent(ctx.res, 200);
    return;
  }
  const tty = e.config.tty;
  const socket = hijack(ctx, tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
  const write = (stream: 1 | 2) => (data: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(tty ? data : frame(stream, data));
  };
  run.stdout.on('data', e.config.attachStdout ? write(1) : () => {});
  run.stderr.on('data', e.config.attachStderr ? write(2) : () => {});
  socket.on('error', () => {});
  if (e.config.attachStdin) {
    if (rest.length) run.stdin.write(rest);
    socket.pipe(run.stdin);
    socket.on('close', () => { run.stdin.end(); run.close?.(); });
    // A terminal has no half-close: the client's EOF means it left (Docker closes the output then too).
    if (tty) socket.on('end', () => { run.close?.(); socket.end(); });
  } else {
    run.stdin.end();
    socket.resume();
    socket.on('close', () => run.close?.());
  }
  await run.exited;
  socket.end();
}

/**
 * An upgraded request's JSON body arrives with the raw socket: the first
 * Content-Length bytes; anything after them is already stdin.
 */
async function upgradeBody(ctx: RouteContext): Promise<{ body: { Detach?: boolean }; rest: Buffer }> {
  const length = Number(ctx.req.headers['content-length'] ?? 0);
  const socket = ctx.upgrade!.socket;
  let data = ctx.upgrade!.head;
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
  let body: { Detach?: boolean } = {};
  try { body = length ? JSON.parse(data.subarray(0, length).toString('utf8')) : {}; } catch { /* Docker ignores a bad body here */ }
  return { body, rest: data.subarray(length) };
}
