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
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable, Duplex } from 'node:stream';
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
}

export interface HelperProcess {
  child: ChildProcess;
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
  const child = spawn(attachHelperPath(), args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const control = child.stdio[3] as Duplex;
  let errText = '';
  child.stderr!.on('data', (c: Buffer) => { errText = (errText + c.toString()).slice(-500); });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let text = '';
    control.on('data', (c: Buffer) => { text += c.toString(); if (text.includes('ready\n')) resolve(); });
    control.on('error', () => {});
    child.on('error', reject);
    void exited.then(() => reject(new FailedPreconditionError(errText.trim() || 'attach helper ended')));
  });
  ready.catch(() => {});
  child.stdin!.on('error', () => {});
  return {
    child,
    stdin: child.stdin!,
    stdout: child.stdout!,
    ready,
    exited,
    resize(height, width) {
      if (!control.destroyed && control.writable) control.write(`${height} ${width}\n`);
    },
    kill() { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}
