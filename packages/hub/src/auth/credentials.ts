/**
 * The one place a name and secret (password or access token) are checked,
 * behind the brute-force guard: `/token`, Basic auth on /v2 and /api, and
 * the web login all come through here, so each failure counts everywhere.
 */
import type { IncomingMessage } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';

/**
 * The client's address as the guard counts it: the TCP peer, or, when the
 * peer is one of `trustedProxies` (`--trusted-proxy`, the balancer in front
 * of the nodes), the last address that proxy added to X-Forwarded-For.
 * Anyone else's X-Forwarded-For is ignored: a client could write anything.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: string[] = []): string {
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const forwarded = req.headers['x-forwarded-for'];
  if (!trustedProxies.includes(peer) || typeof forwarded !== 'string') return peer;
  return forwarded.split(',').pop()!.trim() || peer;
}

/**
 * The principal, or undefined for a wrong secret; throws
 * TooManyAttemptsError while the account or the address is locked.
 * `passwordOnly`: access tokens do not open a web session.
 */
export async function checkCredentials(hub: Hub, req: IncomingMessage, name: string, secret: string, opts: { passwordOnly?: boolean } = {}): Promise<Principal | undefined> {
  const address = clientAddress(req, hub.config.trustedProxies);
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
