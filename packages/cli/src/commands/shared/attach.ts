/**
 * Attach to a container over a hijacked connection (POST /containers/{id}/attach
 * with Upgrade: tcp), and the terminal side shared with `exec`. Without a
 * TTY the daemon multiplexes stdout/stderr into 8-byte framed chunks; with a
 * TTY the stream is raw, the local terminal goes into raw mode and its size
 * follows SIGWINCH. stdin, when attached, is copied in and half-closed at EOF
 * so the container sees end of input. The daemon acts on the detach keys;
 * the CLI watches for them too, to know that the stream ended by a detach.
 */
import type { Duplex } from 'node:stream';
import { Demuxer } from '@quai/client';
import type { Cli } from '../../cli.js';

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** Docker's --detach-keys syntax; the daemon's default (ctrl-p,ctrl-q) when unset. */
  detachKeys?: string;
}

export interface AttachSession {
  /** Resolves when the daemon closes the stream (container ended or detached). */
  done: Promise<void>;
  /** True once the user typed the detach keys. */
  readonly detached: boolean;
  /** With a TTY: send the terminal's size now and whenever it changes. */
  followSize(): void;
  close(): void;
}

export async function attachContainer(cli: Cli, id: string, o: AttachOptions): Promise<AttachSession> {
  const { socket, head } = await cli.client.hijack('POST', `/containers/${encodeURIComponent(id)}/attach`, {
    query: { stream: true, stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, ...(o.detachKeys ? { detachKeys: o.detachKeys } : {}) },
  });
  return streamTerminal(cli, socket, head, { ...o, resizePath: `/containers/${encodeURIComponent(id)}/resize` });
}

/** Wire a hijacked attach/exec stream to the local terminal. */
export function streamTerminal(cli: Cli, socket: Duplex, head: Buffer, o: AttachOptions & { resizePath: string }): AttachSession {
  const { stdout, stderr } = cli.streams;
  // process.stdin is made on first use (~2 ms): only read when it is attached.
  const stdin = o.stdin ? cli.streams.stdin : undefined;
  const demux = new Demuxer((stream, payload) => (stream === 2 || stream === 3 ? stderr : stdout).write(payload));
  const onData = o.tty ? (c: Buffer) => stdout.write(c) : (c: Buffer) => demux.push(c);

  let rawMode = false;
  let detached = false;
  const keys = detachKeyBytes(o.detachKeys || 'ctrl-p,ctrl-q');
  let matched = 0;
  const watch = (chunk: Buffer) => {
    for (const byte of chunk) {
      matched = byte === keys[matched] ? matched + 1 : byte === keys[0] ? 1 : 0;
      if (keys.length && matched === keys.length) detached = true;
    }
  };
  if (stdin) {
    if (o.tty && stdin.isTTY && stdin.setRawMode) {
      stdin.setRawMode(true);
      rawMode = true;
    }
    if (o.tty) stdin.on('data', watch); // the daemon applies detach keys to a terminal only
    stdin.pipe(socket, { end: false });
    stdin.on('end', () => socket.end());
  }
  // Output only once the terminal is raw: keys typed after it appears are not echoed locally.
  if (head.length) onData(head);
  const out = stdout as NodeJS.WritableStream & { isTTY?: boolean; rows?: number; columns?: number };
  const sendSize = () => {
    if (!out.rows || !out.columns) return;
    void cli.client.json('POST', o.resizePath, { query: { h: out.rows, w: out.columns } }).catch(() => {});
  };
  let following = false;
  const close = () => {
    if (following) process.off('SIGWINCH', sendSize);
    following = false;
    if (stdin) {
      stdin.off('data', watch);
      stdin.unpipe(socket);
      if (rawMode) stdin.setRawMode?.(false);
      rawMode = false;
      (stdin as unknown as { destroy?: () => void }).destroy?.();
    }
    socket.destroy();
  };
  const done = new Promise<void>((resolve, reject) => {
    socket.on('data', onData);
    socket.on('end', () => resolve());
    socket.on('close', () => resolve());
    socket.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
  });
  return {
    done,
    get detached() { return detached; },
    followSize() {
      if (!o.tty || !out.isTTY || following) return;
      following = true;
      sendSize();
      process.on('SIGWINCH', sendSize);
    },
    close,
  };
}

/** `ctrl-p,ctrl-q` → [16, 17], as Docker's term.ToBytes; unknown words are ignored. */
export function detachKeyBytes(spec: string): number[] {
  const out: number[] = [];
  for (const key of spec.split(',').map((k) => k.trim())) {
    if (key.length === 1) out.push(key.charCodeAt(0));
    else if (/^ctrl-[a-z@[\\\]^_]$/.test(key)) out.push(key.charCodeAt(5) & 0x1f);
  }
  return out;
}
