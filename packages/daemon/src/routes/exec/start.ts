/**
 * `POST /exec/{id}/start` with `{"Detach": bool, "Tty": bool}`. Attached:
 * hijack the connection, send the output (8-byte frames unless Tty), copy
 * what the client sends to the process's stdin and close it when the client
 * half-closes; the stream ends once the process ended, so the client's
 * following `GET /exec/{id}/json` sees the exit code. Detached: 200, the
 * process runs on with no stdio.
 */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';
import { frame, hijack } from '../../hijack.js';
import { DEFAULT_DETACH_KEYS, DetachScanner, parseDetachKeys } from '../containers/attach-detach.js';
import { inputForwarder } from '../containers/attach-stdio.js';

export async function start(ctx: RouteContext<{ Detach?: boolean }>): Promise<void> {
  const { engine, params, body } = ctx;
  // On an upgraded connection, bytes past the body are already stdin.
  const rest = ctx.upgrade?.head ?? Buffer.alloc(0);
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
  let detached = false;
  const write = (stream: 1 | 2) => (data: Buffer) => {
    if (!detached && !socket.destroyed && socket.writable) socket.write(tty ? data : frame(stream, data));
  };
  run.stdout.on('data', e.config.attachStdout ? write(1) : () => {});
  run.stderr.on('data', e.config.attachStderr ? write(2) : () => {});
  socket.on('error', () => {});
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  if (e.config.attachStdin) {
    // As Docker: the detach keys (here, or the docker CLI's own) and a client
    // that goes end the stream only; a TTY exec's process runs on. Without a
    // TTY the client's EOF is the process's.
    const scanner = new DetachScanner(tty ? parseDetachKeys(e.config.detachKeys || DEFAULT_DETACH_KEYS) : []);
    const feed = inputForwarder(scanner, run.stdin, socket, () => {
      detached = true;
      socket.off('data', feed);
      socket.end();
    });
    if (rest.length) feed(rest);
    socket.on('data', feed);
    socket.resume(); // upgradeBody may have paused it, and a 'data' listener alone does not undo that
    socket.on('end', () => { if (!tty) run.stdin.end(); else socket.end(); });
    socket.on('close', () => { if (!tty) run.stdin.end(); });
  } else {
    run.stdin.end();
    socket.resume();
  }
  await Promise.race([run.exited, gone]);
  socket.end();
}
