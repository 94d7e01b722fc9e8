/**
 * Attach to a container over a hijacked connection (POST /containers/{id}/attach
 * with Upgrade: tcp). Without a TTY the daemon multiplexes stdout/stderr into
 * 8-byte framed chunks; with a TTY the stream is raw. stdin, when attached, is
 * copied in and half-closed at EOF so the container sees end of input.
 */
import { Demuxer } from '@quai/client';
import type { Cli } from '../../cli.js';

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface AttachSession {
  /** Resolves when the daemon closes the stream (container ended or detached). */
  done: Promise<void>;
  close(): void;
}

export async function attachContainer(cli: Cli, id: string, o: AttachOptions): Promise<AttachSession> {
  const { socket, head } = await cli.client.hijack('POST', `/containers/${encodeURIComponent(id)}/attach`, {
    query: { stream: true, stdin: o.stdin, stdout: o.stdout, stderr: o.stderr },
  });
  const { stdout, stderr, stdin } = cli.streams;
  const demux = new Demuxer((stream, payload) => (stream === 2 || stream === 3 ? stderr : stdout).write(payload));
  const onData = o.tty ? (c: Buffer) => stdout.write(c) : (c: Buffer) => demux.push(c);
  if (head.length) onData(head);

  let rawMode = false;
  if (o.stdin) {
    if (o.tty && stdin.isTTY && stdin.setRawMode) {
      stdin.setRawMode(true);
      rawMode = true;
    }
    stdin.pipe(socket, { end: false });
    stdin.on('end', () => socket.end());
  }
  const close = () => {
    if (o.stdin) {
      stdin.unpipe(socket);
      if (rawMode) stdin.setRawMode?.(false);
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
  return { done, close };
}
