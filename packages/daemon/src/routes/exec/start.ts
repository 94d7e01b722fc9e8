/**
 * `POST /exec/{id}/start` with `{"Detach", "Tty", "ConsoleSize"}`. Attached:
 * hijack the connection, send the output, copy what the client sends to
 * the process's stdin and close it when the client half-closes; the stream
 * ends once the process ended, so the client's following
 * `GET /exec/{id}/json` sees the exit code. Detached: 200, the process runs
 * on with no stdio.
 *
 * As dockerd, the start request's Tty decides the framing (8-byte frames
 * when false, whatever exec create said); the exec's own Tty decides
 * whether the detach keys are scanned for. A process that cannot start is
 * an error: the HTTP answer when detached, else a line on the stream.
 */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';
import { frame, hijack } from '../../hijack.js';
import { compareVersions } from '../../version.js';
import { DEFAULT_DETACH_KEYS, DetachScanner, parseDetachKeys } from '../containers/attach-detach.js';
import { inputForwarder } from '../containers/attach-stdio.js';
import type { ExecStartBody } from '../../schemas/exec.js';

export async function start(ctx: RouteContext<ExecStartBody>): Promise<void> {
  const { engine, params, body } = ctx;
  // On an upgraded connection, bytes past the body are already stdin.
  const rest = ctx.upgrade?.head ?? Buffer.alloc(0);
  const e = engine.containers.execs.get(params.id!);
  const size = body.ConsoleSize;
  if (body.Tty && Array.isArray(size) && size.length === 2 && size[0]! > 0 && size[1]! > 0) {
    engine.containers.execs.resize(e.id, size[0]!, size[1]!);
  }
  if (body.Detach) {
    const run = await engine.containers.execs.start(e.id);
    run.stdin.end();
    run.stdout.resume();
    run.stderr.resume();
    if (ctx.upgrade) hijack(ctx, 'application/vnd.docker.raw-stream').end();
    else sendNoContent(ctx.res, 200);
    return;
  }
  const tty = !!body.Tty;
  const multiplexed = !!ctx.upgrade && !tty && compareVersions(ctx.apiVersion, '1.42') >= 0;
  const socket = hijack(ctx, multiplexed ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream');
  socket.on('error', () => {});
  let detached = false;
  const write = (stream: 1 | 2) => (data: Buffer) => {
    if (!detached && !socket.destroyed && socket.writable) socket.write(tty ? data : frame(stream, data));
  };
  let run;
  try {
    run = await engine.containers.execs.start(e.id);
  } catch (err) {
    write(1)(Buffer.from(`${err instanceof Error ? err.message : String(err)}\r\n`));
    socket.end();
    return;
  }
  // As dockerd: a raw stream carries stdout only (a terminal merges stderr into it anyway).
  run.stdout.on('data', e.config.attachStdout ? write(1) : () => {});
  run.stderr.on('data', e.config.attachStderr && !tty ? write(2) : () => {});
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  if (e.config.attachStdin) {
    // As Docker: the detach keys (here, or the docker CLI's own) and a client
    // that goes end the stream only; a TTY exec's process runs on. Without a
    // TTY the client's EOF is the process's.
    const execTty = e.config.tty;
    const scanner = new DetachScanner(execTty ? parseDetachKeys(e.config.detachKeys || DEFAULT_DETACH_KEYS) : []);
    const feed = inputForwarder(scanner, run.stdin, socket, () => {
      detached = true;
      socket.off('data', feed);
      socket.end();
      const c = engine.containers.get(e.containerId);
      engine.events.publish('container', 'exec_detach', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name, execID: e.id });
    });
    if (rest.length) feed(rest);
    socket.on('data', feed);
    socket.resume(); // reading the body may have paused it, and a 'data' listener alone does not undo that
    socket.on('end', () => { if (!execTty) run.stdin.end(); else socket.end(); });
    socket.on('close', () => { if (!execTty) run.stdin.end(); });
  } else {
    run.stdin.end();
    socket.resume();
  }
  await Promise.race([run.exited, gone]);
  socket.end();
}
