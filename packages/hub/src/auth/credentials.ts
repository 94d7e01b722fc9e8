/**
 * The one place a name and secret (password or access token) are checked,
 * behind the brute-force guard: `/token`, Basic auth on /v2 and /api, and
 * the web login all come through here, so each failure counts everywhere.
 */
import type { IncomingMessage } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';

/** The client's address as the guard counts it (the TCP peer; proxies' headers are not trusted). */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

/**
 * The principal, or undefined for a wrong secret; throws
 * TooManyAttemptsError while the account or the address is locked.
 * `passwordOnly`: access tokens do not open a web session.
 */
export async function checkCredentials(hub: Hub, req: IncomingMessage, name: string, secret: string, opts: { passwordOnly?: boolean } = {}): Promise<Principal | undefined> {
  const address = clientAddress(req);
  await hub.guard.check(name, address);
  let principal = await hub.users.authenticate(name, secret);
  if (principal?.tokenId && opts.passwordOnly) principal = undefined;
  if (!principal) {
    await hub.guard.failed(name, address);
    return undefined;
  }
  await hub.guard.succeeded(name, address);
  return principal;
}
