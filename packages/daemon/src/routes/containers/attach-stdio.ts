/**
 * Wiring one client connection to an interactive attach session: detach
 * keys scanned on the way in, stdin half-close passed on, output until the
 * container's stdio ends. Shared by the hijacked attach, exec start and the
 * WebSocket attach.
 */
import type { Readable, Writable } from 'node:stream';
import { DetachScanner } from './attach-detach.js';

export interface ClientSide {
  /** Called with each chunk from the client; return false to pause. */
  onInput(handler: (chunk: Buffer) => void): void;
  /** The client half-closed (stdin EOF). */
  onEnd(handler: () => void): void;
  /** The client went away. */
  onClose(handler: () => void): void;
  pause(): void;
  resume(): void;
  write(data: Buffer): boolean;
  onDrain(handler: () => void): void;
  end(): void;
}

export interface Session {
  input: Writable;
  output: Readable;
  close(): void;
}

/**
 * Resolves once the session's output ended (container stdio closed) or the
 * client detached or left. With endWithInput (TTY, or stdin not StdinOnce)
 * the client's EOF ends the attach, as Docker closes stdout when stdin ends
 * in that case; otherwise EOF half-closes the container's stdin.
 */
export function bridge(client: ClientSide, session: Session, o: { keys: number[]; head?: Buffer; endWithInput: boolean }): Promise<void> {
  const { keys, head } = o;
  const scanner = new DetachScanner(keys);
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      session.close();
      client.end();
      resolve();
    };
    const forward = inputForwarder(scanner, session.input, client, finish);
    const feed = (chunk: Buffer) => { if (!done) forward(chunk); };
    session.input.on('error', () => {});
    if (head?.length) feed(head);
    client.onInput(feed);
    client.onEnd(() => { if (o.endWithInput) finish(); else if (!done) session.input.end(); });
    client.onClose(finish);
    session.output.on('data', (chunk: Buffer) => {
      if (!client.write(chunk)) {
        session.output.pause();
        client.onDrain(() => session.output.resume());
      }
    });
    session.output.on('end', finish);
    session.output.on('close', finish);
    session.output.on('error', finish);
  });
}

/**
 * The client's input into `input` through the detach-key scanner, pausing
 * the client while `input` is full; `onDetach` once the keys were typed.
 */
export function inputForwarder(scanner: DetachScanner, input: Writable, client: Pick<ClientSide, 'pause' | 'resume'>, onDetach: () => void): (chunk: Buffer) => void {
  return (chunk) => {
    const { data, detached } = scanner.push(chunk);
    if (data.length && !input.write(data)) {
      client.pause();
      input.once('drain', () => client.resume());
    }
    if (detached) onDetach();
  };
}

/** A hijacked HTTP connection as the client side. */
export function socketClient(socket: import('node:stream').Duplex): ClientSide {
  socket.on('error', () => {});
  return {
    onInput: (h) => { socket.on('data', h); socket.resume(); },
    onEnd: (h) => socket.on('end', h),
    onClose: (h) => socket.on('close', h),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    write: (data) => (socket.destroyed || !socket.writable ? true : socket.write(data)),
    onDrain: (h) => socket.once('drain', h),
    end: () => { if (!socket.destroyed) socket.end(); },
  };
}
