/**
 * What every command gets: the streams, the client (created on first use) and
 * the command's name as typed, for messages.
 */
import { EngineClient, resolveHost } from '@quai/client';

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
}

export class Cli {
  private engine?: EngineClient;

  constructor(
    readonly streams: Streams,
    readonly host: string | undefined,
    /** `run`, `container ls`... as the user typed it. */
    readonly command: string,
  ) {}

  get client(): EngineClient {
    this.engine ??= new EngineClient({
      host: resolveHost(this.host),
      apiVersion: process.env.DOCKER_API_VERSION || undefined,
    });
    return this.engine;
  }

  out(text: string): void {
    this.streams.stdout.write(text);
  }

  err(text: string): void {
    this.streams.stderr.write(text);
  }
}

/** End the command with this exit status (and, if given, print the message to stderr). */
export class StatusError extends Error {
  constructor(readonly status: number, message = '') {
    super(message);
    this.name = 'StatusError';
  }
}

/** Errors from commands acting on several objects: print each, exit 1 at the end. */
export async function forEach(cli: Cli, refs: string[], fn: (ref: string) => Promise<void>): Promise<void> {
  let failed = false;
  for (const ref of refs) {
    try {
      await fn(ref);
    } catch (err) {
      failed = true;
      cli.err(`${describeError(err)}\n`);
    }
  }
  if (failed) throw new StatusError(1);
}

/** Docker's wording: daemon errors are "Error response from daemon: ...". */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'ApiError') {
    return `Error response from daemon: ${(err as Error).message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
