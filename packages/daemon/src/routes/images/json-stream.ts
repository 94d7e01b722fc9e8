/**
 * Progress streams (load, import) as dockerd answers them: an error before
 * the first line is a plain HTTP error; after it, an `errorDetail` line.
 */
import type { ServerResponse } from 'node:http';
import { errorMessage } from '@quai/common';
import { startJsonStream } from '../../http-util.js';

export class LazyJsonStream {
  private send?: (value: unknown) => void;

  constructor(private readonly res: ServerResponse) {}

  write(value: unknown): void {
    this.send ??= startJsonStream(this.res);
    this.send(value);
  }

  /** Writes the error as a stream line if the stream began (with `code`, when a number); rethrows otherwise. */
  fail(err: unknown, code?: unknown): void {
    if (!this.send) throw err;
    const message = errorMessage(err);
    this.send({ errorDetail: typeof code === 'number' ? { code, message } : { message }, error: message });
  }

  end(): void {
    this.send ??= startJsonStream(this.res);
    this.res.end();
  }
}
