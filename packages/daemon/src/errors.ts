/** The one place where an error kind becomes an HTTP status. */
import { errorKind, errorMessage, type ErrorKind } from '@quai/common';
import { BodyTooLargeError } from './validation/request-body.js';

const STATUS: Record<ErrorKind, number> = {
  'not-found': 404,
  'conflict': 409,
  'invalid-argument': 400,
  'failed-precondition': 409,
  'not-modified': 304,
  'unauthorized': 401,
  'forbidden': 403,
  'unavailable': 503,
  'internal': 500,
};

export function toHttp(err: unknown): { status: number; body: { message: string } } {
  const status = err instanceof BodyTooLargeError ? 413 : STATUS[errorKind(err)];
  return { status, body: { message: errorMessage(err) } };
}
