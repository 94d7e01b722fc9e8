/**
 * The hub's JSON API (for the web UI and scripts), authenticated with Basic
 * credentials or a hub JWT (`Authorization: Bearer`):
 *
 *   POST   /api/users                      {name, password}  sign up (admins may set admin)
 *   POST   /api/orgs                       {name}            the caller becomes a member
 *   PUT    /api/orgs/<org>/members/<user>
 *   GET    /api/repositories/<name>        description, readme, pull count, last pushed, tags
 *   PATCH  /api/repositories/<name>        {private, description, readme}   owner only
 *   GET|POST /api/tokens, DELETE /api/tokens/<id>       personal access tokens
 *   GET|POST /api/repositories/<name>/webhooks, DELETE .../webhooks/<id>
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';
import { basicCredentials, HttpError, readBody, sendEmpty, sendJson } from '../http/respond.js';
import { isRepositoryPath } from '@quai/common';

async function principalOf(hub: Hub, req: IncomingMessage): Promise<Principal | undefined> {
  const basic = basicCredentials(req.headers.authorization);
  if (basic) {
    const p = await hub.users.authenticate(basic.username, basic.password);
    if (!p) throw new HttpError(401, 'incorrect username or password');
    return p;
  }
  const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;
  if (bearer) {
    const claims = await hub.tokens.verify(bearer);
    const user = claims && (await hub.users.get(claims.sub));
    if (!user || (claims.pat && (await hub.users.isTokenRevoked(claims.pat)))) throw new HttpError(401, 'invalid token');
    return { user };
  }
  return undefined;
}

function need(p: Principal | undefined): Principal {
  if (!p) throw new HttpError(401, 'authentication required');
  if (p.tokenId) throw new HttpError(403, 'access tokens cannot manage the account');
  return p;
}

async function jsonBody<T>(req: IncomingMessage): Promise<T> {
  const body = await readBody(req, 1024 * 1024, () => new HttpError(413, 'request too large'));
  try {
    return (body.length ? JSON.parse(body.toString('utf8')) : {}) as T;
  } catch {
    throw new HttpError(400, 'invalid JSON');
  }
}

export async function handleApi(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const p = await principalOf(hub, req);
  const path = url.pathname.slice('/api/'.length).replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  let m: RegExpExecArray | null;

  if (path === 'users' && method === 'POST') {
    const body = await jsonBody<{ name?: string; password?: string; admin?: boolean }>(req);
    if (body.admin && !p?.user.admin) throw new HttpError(403, 'only admins create admins');
    try {
      const user = await hub.users.add(body.name ?? '', body.password ?? '', { admin: body.admin });
      return sendJson(res, 201, user);
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
  }
  if (path === 'orgs' && method === 'POST') {
    const who = need(p);
    const body = await jsonBody<{ name?: string }>(req);
    try {
      return sendJson(res, 201, await hub.users.addOrg(body.name ?? '', who.user.name));
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
  }
  if ((m = /^orgs\/([^/]+)\/members\/([^/]+)$/.exec(path)) && method === 'PUT') {
    const who = need(p);
    const [, org, user] = m;
    if (!who.user.admin && !(await hub.users.isMember(org!, who.user.name))) throw new HttpError(403, 'not a member of this organisation');
    if (!(await hub.users.get(user!))) throw new HttpError(404, `no such user: ${user}`);
    await hub.users.addMember(org!, user!);
    return sendEmpty(res, 204);
  }
  if (path === 'tokens') {
    const who = need(p);
    if (method === 'GET') return sendJson(res, 200, await hub.users.listAccessTokens(who.user.name));
    if (method === 'POST') {
      const body = await jsonBody<{ label?: string; scope?: string }>(req);
      try {
        return sendJson(res, 201, await hub.users.createAccessToken(who.user.name, body.label ?? '', body.scope ?? 'read'));
      } catch (err) {
        throw new HttpError(400, (err as Error).message);
      }
    }
  }
  if ((m = /^tokens\/([^/]+)$/.exec(path)) && method === 'DELETE') {
    const who = need(p);
    if (!(await hub.users.revokeAccessToken(who.user.name, m[1]!))) throw new HttpError(404, 'no such token');
    return sendEmpty(res, 204);
  }
  if ((m = /^repositories\/(.+?)(\/webhooks(?:\/(\d+))?)?$/.exec(path)) && isRepositoryPath(m[1]!)) {
    const name = m[1]!;
    const repo = await hub.repos.get(name);
    const owner = await hub.policy.canWrite(p, name);
    if (!repo || (repo.private && !owner)) throw new HttpError(404, `no such repository: ${name}`);
    if (m[2]) {
      if (!owner) throw new HttpError(403, 'only the owner manages webhooks');
      if (method === 'GET') return sendJson(res, 200, await hub.webhooks.list(repo));
      if (method === 'POST') {
        const body = await jsonBody<{ url?: string }>(req);
        if (!body.url || !/^https?:\/\//.test(body.url)) throw new HttpError(400, 'url must be http(s)');
        return sendJson(res, 201, await hub.webhooks.add(repo, body.url));
      }
      if (method === 'DELETE' && m[3]) return (await hub.webhooks.remove(repo, Number(m[3]))) ? sendEmpty(res, 204) : sendJson(res, 404, { message: 'no such webhook' });
    } else if (method === 'GET') {
      return sendJson(res, 200, {
        name: repo.name, namespace: repo.namespace, private: repo.private, description: repo.description, readme: repo.readme,
        pull_count: repo.pullCount, created: repo.created, last_pushed: repo.pushed, tags: await hub.repos.tags(repo),
      });
    } else if (method === 'PATCH') {
      if (!owner) throw new HttpError(403, 'only the owner changes a repository');
      const body = await jsonBody<{ private?: boolean; description?: string; readme?: string }>(req);
      await hub.repos.update(name, body);
      return sendEmpty(res, 204);
    }
  }
  throw new HttpError(404, `no such API: ${method} /api/${path}`);
}
