/**
 * The few kinds of failure every layer speaks. Inner packages throw these;
 * only the edge (daemon `toHttp`, CLI) turns a kind into a status code or an
 * exit code. Messages use Docker's own wording, since clients show them as is.
 */
export type ErrorKind =
  | 'not-found'
  | 'conflict'
  | 'invalid-argument'
  | 'failed-precondition'
  | 'not-modified'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'internal';

export class QuaiError extends Error {
  constructor(readonly kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QuaiError';
  }
}

export class NotFoundError extends QuaiError {
  constructor(message: string) { super('not-found', message); }
}
export class ConflictError extends QuaiError {
  constructor(message: string) { super('conflict', message); }
}
export class InvalidArgumentError extends QuaiError {
  constructor(message: string) { super('invalid-argument', message); }
}
export class FailedPreconditionError extends QuaiError {
  constructor(message: string) { super('failed-precondition', message); }
}
export class NotModifiedError extends QuaiError {
  constructor(message = '') { super('not-modified', message); }
}

export function errorKind(err: unknown): ErrorKind {
  return err instanceof QuaiError ? err.kind : 'internal';
}

export function errorMessage(err: unknown): string {
  return systemErrorMessage(err) ?? (err instanceof Error ? err.message : String(err));
}

/**
 * A failed system call as Go (and so dockerd) words it, the call and the
 * file first: Node's `ENOSPC: no space left on device, open '/x/y'` reads
 * `open /x/y: no space left on device`.
 */
function systemErrorMessage(err: unknown): string | undefined {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown; message?: unknown };
  if (typeof e?.code !== 'string' || typeof e.syscall !== 'string' || typeof e.message !== 'string') return undefined;
  const reason = new RegExp(`^${e.code}: ([^,]*)`).exec(e.message)?.[1];
  if (!reason) return undefined;
  const files = [e.path, e.dest].filter((f): f is string => typeof f === 'string');
  return `${[e.syscall, ...files].join(' ')}: ${reason}`;
}
