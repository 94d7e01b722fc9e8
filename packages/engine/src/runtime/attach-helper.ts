/**
 * The quai-attach helper (native/quai-attach.c, built by node-gyp next to
 * the syscalls addon). Node can neither open conmon's SOCK_SEQPACKET attach
 * socket nor receive the pty master crun sends for `exec --tty`, so one
 * helper process per attached client does that and speaks plain pipes:
 *
 *   attach  SOCKET  → stdout: container output (raw, or Docker's 8-byte
 *                     frames with mux); stdin → container stdin (its pipe
 *                     when given), EOF → half-close
 *   console SOCKET  → receives the pty master, bridges it with stdin/stdout;
 *                     lines "H W\n" written to fd 3 resize the terminal
 *
 * Both print "ready\n" on fd 3: connected (attach) or listening (console).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { spawnProcess, streamClosed as closed } from '../host/spawn.js';
import { FailedPreconditionError } from '@quai/common';

const HELPER = fileURLToPath(new URL('../../build/Release/quai-attach', import.meta.url));

export function attachHelperPath(): string {
  const path = process.env.QUAI_ATTACH_HELPER || HELPER;
  if (!existsSync(path)) {
    throw new FailedPreconditionError(`interactive attach needs the quai-attach helper, which was not built (${path}); run npm ci with a C compiler present`);
  }
  return path;
}

export interface AttachHelperOptions {
  /** Docker's 8-byte stream header on output (no TTY). */
  mux: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** attach: the container's stdin pipe (/proc/PID/fd/0), written directly (see quai-attach.c). */
  stdinPipe?: string;
  /**
   * attach: the client's connection (its fd) as the helper's own stdin and
   * stdout, so the stream never passes through the daemon. stdin/stdout
   * of the HelperProcess are then unused.
   */
  clientFd?: number;
}

export interface HelperProcess {
  stdin: Writable;
  stdout: Readable;
  /** Resolves once the helper is connected (attach) or listening (console); rejects if it ends first. */
  ready: Promise<void>;
  /** Resolves when the helper exited. */
  exited: Promise<void>;
  /** Console mode: resize the terminal. */
  resize(height: number, width: number): void;
  kill(): void;
}

export function spawnAttachHelper(mode: 'attach' | 'console', socketPath: string, o: AttachHelperOptions): HelperProcess {
  const args = [mode, socketPath];
  if (o.mux) args.push('--mux');
  if (!o.stdin) args.push('--no-stdin');
  if (!o.stdout) args.push('--no-stdout');
  if (!o.stderr) args.push('--no-stderr');
  if (o.stdinPipe) args.push('--stdin-pipe', o.stdinPipe);
  const client = o.clientFd ?? 'pipe';
  const child = spawnProcess(attachHelperPath(), args, { stdio: [client, client, 'pipe', 'pipe'] });
  // With the client's fd the stream bypasses us: empty stand-ins for stdin and stdout.
  const stdin = child.stdio[0] ?? new PassThrough();
  const stdout = child.stdio[1] ?? Readable.from([]);
  const [stderr, control] = [child.stdio[2]!, child.stdio[3]!];
  let errText = '';
  stderr.on('data', (c: Buffer) => { errText = (errText + c.toString()).slice(-500); });
  // Ended, and its output read to the end.
  const exited = Promise.all([child.exited, o.clientFd === undefined && closed(stdout)]).then(() => {});
  const ready = new Promise<void>((resolve, reject) => {
    let text = '';
    control.on('data', (c: Buffer) => { text += c.toString(); if (text.includes('ready\n')) resolve(); });
    control.on('error', () => {});
    void exited.then(() => reject(new FailedPreconditionError(errText.trim() || 'attach helper ended')));
  });
  ready.catch(() => {});
  stdin.on('error', () => {});
  void child.exited.then(() => control.destroy());
  return {
    stdin,
    stdout,
    ready,
    exited,
    resize(height, width) {
      if (!control.destroyed && control.writable) control.write(`${height} ${width}\n`);
    },
    kill() { child.kill('SIGKILL'); }, // a no-op once it ended
  };
}
