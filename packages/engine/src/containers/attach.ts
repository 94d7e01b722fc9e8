/**
 * Interactive attach: the container's live stdio through conmon's attach
 * socket (stdin included), and terminal resize through conmon's ctl FIFO.
 *
 *   attachStdio(c, o)  running  → the helper connects now
 *                      not yet  → it connects when the container next starts,
 *                                 after conmon is up and before the process
 *                                 runs (runtime/attach-hooks.ts)
 *
 * The session's input/output are plain streams that exist at once, so the
 * caller can wire the client before the helper does.
 */
import { open, readFile, readlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { bundleDir, containerPidPath } from '../paths.js';
import { spawnAttachHelper, attachHelperPath, type HelperProcess } from '../runtime/attach-helper.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

export interface AttachStdioOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Docker's 8-byte frames on output (API attach without TTY). */
  mux: boolean;
  /**
   * The client's connection, handed to the helper: the stream then never
   * passes through the daemon, and the session's input/output stay empty
   * (output ends when the helper does).
   */
  clientFd?: number;
}

export interface AttachSession {
  /** Bytes for the container's stdin; end() half-closes it. */
  input: Writable;
  /** The container's output; ends when the container's stdio ends or the session closes. */
  output: Readable;
  /** Let go: the helper ends, the container goes on. */
  close(): void;
}

export function attachStdio(d: ContainerContext, c: ContainerRecord, o: AttachStdioOptions): AttachSession {
  attachHelperPath(); // fail now, with a clear message, when the helper is missing
  const input = new PassThrough();
  const output = new PassThrough();
  let helper: HelperProcess | undefined;
  let closed = false;
  const socket = join(bundleDir(d.paths, c.id), 'attach');

  const connect = async (): Promise<void> => {
    if (closed) return;
    const stdinPipe = o.stdin && !c.config.Tty ? await containerStdinPipe(d, c) : undefined;
    const h = spawnAttachHelper('attach', socket, { ...o, stdinPipe });
    helper = h;
    if (o.clientFd === undefined) {
      input.pipe(h.stdin);
      h.stdout.pipe(output);
      h.stdout.on('error', () => output.end());
    }
    void h.exited.then(() => { input.unpipe(h.stdin); output.end(); });
    await h.ready.catch(() => {});
  };

  let unhook = () => {};
  if (isRunning(c)) void connect();
  else unhook = d.supervision.attachHooks.beforeStart(c.id, connect);

  return {
    input,
    output,
    close() {
      if (closed) return;
      closed = true;
      unhook();
      helper?.kill();
      input.destroy();
      output.end();
    },
  };
}

/**
 * The pipe conmon made the container's stdin, reachable as /proc/PID/fd/0
 * of its process (pid from the runtime's pidfile in the bundle), or
 * undefined when that is no longer a pipe.
 */
async function containerStdinPipe(d: ContainerContext, c: ContainerRecord): Promise<string | undefined> {
  const pid = Number.parseInt(await readFile(containerPidPath(d.paths, c.id), 'utf8').catch(() => ''), 10);
  if (!pid) return undefined;
  const path = `/proc/${pid}/fd/0`;
  const target = await readlink(path).catch(() => '');
  return target.startsWith('pipe:') ? path : undefined;
}

/**
 * Resize the container's terminal: conmon reads "1 <height> <width>\n"
 * (1 = window resize) from the `ctl` FIFO in the bundle.
 */
export async function resizeTerminal(d: ContainerContext, c: ContainerRecord, height: number, width: number): Promise<void> {
  if (!c.config.Tty || !isRunning(c)) return;
  const fifo = join(bundleDir(d.paths, c.id), 'ctl');
  // Non-blocking: conmon keeps the FIFO open for reading; ENXIO means conmon is gone.
  const handle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return;
  try {
    await handle.write(`1 ${height} ${width}\n`);
  } catch { /* conmon gone or FIFO full: a lost resize is harmless */ } finally {
    await handle.close();
  }
}
