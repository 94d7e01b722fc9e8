/**
 * A client's tar (an image archive, a build context, a `docker cp` payload)
 * that is cut short or is no tar at all is the client's fault: tar-stream's
 * complaints become invalid-argument errors in the words of Go's
 * archive/tar, as a Docker client would read them. Other errors (a full
 * disk) pass through unchanged.
 */
import { InvalidArgumentError } from '@quai/common';

export function clientTarError(err: unknown): unknown {
  const message = (err as Error)?.message ?? '';
  if (message === 'Unexpected end of data') return new InvalidArgumentError('unexpected EOF');
  if (/^Invalid (tar )?header/.test(message)) return new InvalidArgumentError('archive/tar: invalid tar header');
  return err;
}
