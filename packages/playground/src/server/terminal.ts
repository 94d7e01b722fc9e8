/**
 * One instance's terminal: a login shell exec'd with a TTY in the shell
 * container (`docker exec -it shell bash -l`), kept alive between viewers.
 *
 *   exec create (Tty) → exec start (hijacked, raw bytes both ways)
 *   output ──► scrollback (the last SCROLLBACK bytes) ──► every viewer
 *   viewer input ──► the exec's stdin;  resize ──► POST /exec/ID/resize
 *
 * A viewer that connects (a share link, a reconnect after a network drop)
 * first gets the scrollback, so it sees the same screen. When the shell
 * ends (`exit`), viewers are told; the next viewer starts a new one.
 */
import type { Duplex } from 'node:stream';
import type { EngineClient } from '@quai/client';

const SCROLLBACK = 64 * 1024;
/** bash when the image has it, else sh; both as login shells so the image's profile runs. */
const LOGIN_SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi'];

export interface Viewer {
  output(data: Buffer): void;
  exited(): void;
}

export class Terminal {
  private socket: Duplex | undefined;
  private execId = '';
  private starting: Promise<void> | undefined;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private readonly viewers = new Set<Viewer>();
  private size = { cols: 80, rows: 24 };
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  /** Resolves when the first output (the prompt) has arrived. */
  private firstOutput: Promise<void> = Promise.resolve();

  constructor(private readonly shells: EngineClient, private readonly containerId: string, private readonly workdir: string) {}

  /** Starts the shell if none runs. */
  ensureStarted(): Promise<void> {
    if (this.socket || this.closed) return Promise.resolve();
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Resolves once the shell has printed something (its prompt), or after `timeoutMs`. */
  async ready(timeoutMs = 5000): Promise<void> {
    await this.ensureStarted();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.firstOutput, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async start(): Promise<void> {
    const { Id } = await this.shells.json<{ Id: string }>('POST', `/containers/${this.containerId}/exec`, {
      body: {
        AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true,
        Cmd: LOGIN_SHELL, Env: ['TERM=xterm-256color'], WorkingDir: this.workdir,
        ConsoleSize: [this.size.rows, this.size.cols],
      },
    });
    let gotOutput!: () => void;
    this.firstOutput = new Promise((r) => (gotOutput = r));
    const { socket, head } = await this.shells.hijack('POST', `/exec/${Id}/start`, { body: { Detach: false, Tty: true, ConsoleSize: [this.size.rows, this.size.cols] } });
    this.execId = Id;
    this.socket = socket;
    (socket as Duplex & { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const onData = (data: Buffer) => {
      gotOutput();
      this.record(data);
      for (const v of this.viewers) v.output(data);
    };
    if (head.length) onData(head);
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.execId = '';
      for (const v of this.viewers) v.exited();
    });
  }

  private record(data: Buffer): void {
    this.chunks.push(data);
    this.bytes += data.length;
    while (this.bytes - this.chunks[0]!.length >= SCROLLBACK) this.bytes -= this.chunks.shift()!.length;
  }

  /** The recent output, for a viewer that just connected. */
  scrollback(): Buffer {
    const all = Buffer.concat(this.chunks);
    return all.length > SCROLLBACK ? all.subarray(all.length - SCROLLBACK) : all;
  }

  get running(): boolean {
    return this.socket !== undefined;
  }

  /** Adds a viewer: it gets the scrollback now and the output from then on. */
  async attach(viewer: Viewer): Promise<() => void> {
    await this.ensureStarted();
    const replay = this.scrollback();
    if (replay.length) viewer.output(replay);
    this.viewers.add(viewer);
    return () => this.viewers.delete(viewer);
  }

  /**
   * Input and resizes apply in the order they came (a command typed after a
   * resize sees the new size); input after the shell ended starts a new one.
   */
  input(data: string): void {
    this.queue = this.queue.then(async () => {
      await this.ensureStarted();
      this.socket?.write(data);
    }).catch(() => {
      // the shell could not start: the viewer was told by attach
    });
  }

  resize(cols: number, rows: number): Promise<void> {
    this.size = { cols, rows };
    this.queue = this.queue.then(async () => {
      if (!this.execId) return;
      await this.shells.request('POST', `/exec/${this.execId}/resize`, { query: { h: rows, w: cols } }).then((r) => r.resume(), () => {
        // the shell may just have ended: the next one starts at this size
      });
    });
    return this.queue;
  }

  close(): void {
    this.closed = true;
    this.viewers.clear();
    this.socket?.destroy();
    this.socket = undefined;
  }
}
