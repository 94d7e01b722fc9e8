/**
 * Progress streams (pull, push, import) as dockerd answers them: an error
 * before the first line is a plain HTTP error; after it, an `errorDetail`
 * line. `docker load` answers 200 and reports every error as a line
 * (`report`), whether the stream began or not.
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
    this.report(err, code);
  }

  /** Writes the error as a stream line, starting the stream if need be. */
  report(err: unknown, code?: unknown): void {
    const message = errorMessage(err);
    this.write({ errorDetail: typeof code === 'number' ? { code, message } : { message }, error: message });
  }

  end(): void {
    this.send ??= startJsonStream(this.res);
    this.res.end();
  }
}
