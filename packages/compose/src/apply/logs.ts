/**
 * Containers' output, one line at a time behind a prefix as docker compose
 * prints it (`web-1  | hello`), each container in its own colour on a
 * terminal. Used by `logs` and by an attached `up`.
 */
import { Demuxer, type EngineClient } from '@quai/client';

const COLORS = ['36', '33', '32', '35', '34', '96', '93', '92', '95', '94'];

export interface LogSource {
  id: string;
  /** What the prefix shows: the container name without the project (web-1). */
  name: string;
  tty: boolean;
}

export interface LogOptions {
  follow?: boolean;
  tail?: string;
  since?: string;
  until?: string;
  timestamps?: boolean;
}

export class LogPrinter {
  private width = 0;
  private next = 0;
  private readonly colors = new Map<string, string>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly opts: { prefix: boolean; color: boolean },
  ) {}

  /** Align every prefix on the longest name seen so far. */
  register(names: string[]): void {
    for (const n of names) {
      this.width = Math.max(this.width, n.length);
      if (!this.colors.has(n)) this.colors.set(n, COLORS[this.next++ % COLORS.length]!);
    }
  }

  line(name: string, text: string): void {
    if (!this.opts.prefix) {
      this.out.write(`${text}\n`);
      return;
    }
    const head = `${name.padEnd(this.width)}  | `;
    this.out.write(this.opts.color ? `\x1b[${this.colors.get(name) ?? COLORS[0]}m${head}\x1b[0m${text}\n` : `${head}${text}\n`);
  }

  /** Stream one container's log until it ends (or, with follow, until the container stops). */
  async stream(client: EngineClient, src: LogSource, o: LogOptions): Promise<void> {
    this.register([src.name]);
    const res = await client.request('GET', `/containers/${encodeURIComponent(src.id)}/logs`, {
      query: { stdout: true, stderr: true, follow: o.follow || undefined, tail: o.tail, since: o.since, until: o.until, timestamps: o.timestamps || undefined },
    });
    let rest = '';
    const emit = (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        this.line(src.name, rest.slice(0, nl).replace(/\r$/, ''));
        rest = rest.slice(nl + 1);
      }
    };
    const demux = new Demuxer((_stream, payload) => emit(payload));
    await new Promise<void>((resolve, reject) => {
      res.on('data', (c: Buffer) => (src.tty ? emit(c) : demux.push(c)));
      res.on('end', () => resolve());
      res.on('close', () => resolve());
      res.on('error', reject);
    });
    if (rest) this.line(src.name, rest);
  }
}

/** "demo-web-1" → "web-1" for a container of project demo. */
export function logName(containerName: string, project: string): string {
  return containerName.startsWith(`${project}-`) ? containerName.slice(project.length + 1) : containerName;
}
