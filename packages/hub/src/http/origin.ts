/** Where a browser says a request comes from. */
import type { IncomingMessage } from 'node:http';

/** False when the request names another site in Origin (browsers send it on cross-site POSTs). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" (sandboxed or opaque origins) and garbage
  }
}
