/**
 * The token endpoint (Docker's token auth and its OAuth2 variant):
 *
 *   GET  /token?service=&scope=...&offline_token=true   Basic auth optional
 *   POST /token  grant_type=password&username&password&scope&access_type=offline
 *                grant_type=refresh_token&refresh_token=...&scope
 *
 * Answers {token, access_token, expires_in, issued_at[, refresh_token]};
 * `docker login` keeps the refresh token as its identity token.
 * Bad credentials are 401, and 429 with Retry-After once the login guard
 * locks the account or address; scopes not granted are simply left out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';
import { basicCredentials, readBody, sendJson, HttpError } from '../http/respond.js';
import { parseScope, type Access } from './token-service.js';
import { checkCredentials } from './credentials.js';

export async function tokenEndpoint(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let params = url.searchParams;
  let scopes = params.getAll('scope').flatMap((s) => s.split(' '));
  let principal: Principal | undefined;
  let secret = '';
  let offline = params.get('offline_token') === 'true';
  if (req.method === 'POST') {
    const body = await readBody(req, 64 * 1024, () => new HttpError(413, 'request too large'));
    params = new URLSearchParams(body.toString('utf8'));
    scopes = params.getAll('scope').flatMap((s) => s.split(' '));
    const grant = params.get('grant_type');
    offline = params.get('access_type') === 'offline';
    if (grant === 'password') {
      secret = params.get('password') ?? '';
      principal = await checkCredentials(hub, req, params.get('username') ?? '', secret);
      if (!principal) return unauthorized(res);
    } else if (grant === 'refresh_token') {
      principal = await hub.users.byRefreshToken(params.get('refresh_token') ?? '');
      if (!principal) return unauthorized(res);
    } else {
      return sendJson(res, 400, { error: 'unsupported_grant_type', details: `unsupported grant_type ${grant ?? ''}` });
    }
  } else {
    const basic = basicCredentials(req.headers.authorization);
    if (basic) {
      secret = basic.password;
      principal = await checkCredentials(hub, req, basic.username, basic.password);
      if (!principal) return unauthorized(res);
    }
  }
  const access: Access[] = [];
  for (const scope of scopes) {
    const wanted = parseScope(scope);
    if (!wanted) continue;
    const actions = await hub.policy.grant(principal, wanted);
    if (actions.length) access.push({ ...wanted, actions });
  }
  const issued = await hub.tokens.issue({ sub: principal?.user.name ?? '', access, pat: principal?.tokenId });
  const refresh = principal && offline && req.method === 'POST' && params.get('grant_type') === 'password'
    ? await hub.users.issueRefreshToken(principal, secret)
    : principal && offline && req.method === 'GET' ? await hub.users.issueRefreshToken(principal, secret) : undefined;
  sendJson(res, 200, {
    token: issued.token,
    access_token: issued.token,
    expires_in: issued.expiresIn,
    issued_at: issued.issuedAt,
    ...(refresh ? { refresh_token: refresh } : {}),
  });
}

function unauthorized(res: ServerResponse): void {
  sendJson(res, 401, { details: 'incorrect username or password' }, { 'WWW-Authenticate': 'Basic realm="quai hub"' });
}
