/**
 * Authorization of registry requests. A request carries a Bearer token from
 * /token (or Basic credentials, handy for curl); anonymous requests get what
 * the policy gives everyone (pull of public repositories). Refusals are 401
 * with the challenge Docker's clients follow:
 *
 *   WWW-Authenticate: Bearer realm="http://hub/token",service="hub",scope="repository:alice/bb:pull"
 */
import type { IncomingMessage } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';
import { RegistryError } from '../registry/errcode.js';
import { basicCredentials } from '../http/respond.js';
import type { Access } from './token-service.js';
import { checkCredentials } from './credentials.js';

export class ChallengeError extends RegistryError {
  constructor(readonly challenge: string, message?: string) {
    super('UNAUTHORIZED', message);
  }
}

export interface Caller {
  /** The account name, '' when anonymous. */
  name: string;
  has(access: Access): Promise<boolean>;
}

export function challenge(hub: Hub, scope?: string, error?: string): string {
  return `Bearer realm="${hub.config.publicUrl}/token",service="${hub.config.service}"`
    + (scope ? `,scope="${scope}"` : '') + (error ? `,error="${error}"` : '');
}

/** Who is calling and what they may do; throws ChallengeError for bad credentials. */
export async function caller(hub: Hub, req: IncomingMessage): Promise<Caller> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const claims = await hub.tokens.verify(header.slice(7).trim());
    if (!claims || (claims.pat && (await hub.users.isTokenRevoked(claims.pat)))) throw new ChallengeError(challenge(hub, undefined, 'invalid_token'), 'invalid or expired token');
    return {
      name: claims.sub,
      has: async (want) => claims.access.some((a) => a.type === want.type && a.name === want.name
        && want.actions.every((x) => a.actions.includes(x) || a.actions.includes('*'))),
    };
  }
  let principal: Principal | undefined;
  const basic = basicCredentials(header);
  if (basic) {
    principal = await checkCredentials(hub, req, basic.username, basic.password);
    if (!principal) throw new ChallengeError(challenge(hub), 'incorrect username or password');
  }
  return {
    name: principal?.user.name ?? '',
    has: async (want) => {
      const granted = await hub.policy.grant(principal, want);
      return want.actions.every((x) => granted.includes(x) || granted.includes('*'));
    },
  };
}

/** Throws the 401 challenge unless the caller holds `actions` on the repository. */
export function requireRepo(hub: Hub, who: Caller, name: string, actions: string[]): Promise<void> {
  return requireRepos(hub, who, [{ name, actions }]);
}

/**
 * Throws the 401 challenge unless the caller holds every access; the
 * challenge names them all (space-separated scopes, as Distribution), so a
 * client that follows it gets one token good for the whole request: a
 * cross-repository mount needs push on the target and pull on the source.
 */
export async function requireRepos(hub: Hub, who: Caller, wants: Array<{ name: string; actions: string[] }>): Promise<void> {
  let granted = true;
  for (const { name, actions } of wants) granted = granted && (await who.has({ type: 'repository', name, actions }));
  if (granted) return;
  // Ask for pull,push together on writes, as Docker's clients do.
  const scope = wants.map(({ name, actions }) => `repository:${name}:${actions.includes('push') ? 'pull,push' : actions.join(',')}`).join(' ');
  throw new ChallengeError(challenge(hub, scope, who.name ? 'insufficient_scope' : undefined));
}
