/**
 * The hub's JSON API (for the web UI and scripts), authenticated with Basic
 * credentials or a hub JWT (`Authorization: Bearer`):
 *
 *   POST   /api/users                      {name, password}  sign up (admins may set admin)
 *   DELETE /api/users/<name>               delete one's own account (admins: any)
 *   POST   /api/orgs                       {name}            the caller becomes its owner
 *   PUT    /api/orgs/<org>/members/<user>
 *   GET    /api/repositories/<name>        description, readme, pull count, last pushed, tags
 *   PATCH  /api/repositories/<name>        {private, description, readme}   owner only
 *   DELETE /api/repositories/<name>        the repository with its tags     owner only
 *   DELETE /api/repositories/<name>/tags/<tag>
 *   GET|POST /api/tokens, DELETE /api/tokens/<id>       personal access tokens
 *   GET|POST /api/repositories/<name>/webhooks, DELETE .../webhooks/<id>
 *
 * Bodies are checked against api/schemas.ts first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import type { Principal } from '../metadata/users.js';
import { basicCredentials, HttpError, readBody, sendEmpty, sendJson } from '../http/respond.js';
import { isRepositoryPath, isTag } from '@quai/common';
import { checkCredentials } from '../auth/credentials.js';
import { sameOrigin } from '../http/origin.js';
import { orgBody, repoPatch, signUpBody, tokenBody, validated, webhookBody } from './schemas.js';

async function principalOf(hub: Hub, req: IncomingMessage): Promise<Principal | undefined> {
  const basic = basicCredentials(req.headers.authorization);
  if (basic) {
    const p = await checkCredentials(hub, req, basic.username, basic.password);
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

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, 1024 * 1024, () => new HttpError(413, 'request too large'));
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new HttpError(400, 'invalid JSON');
  }
}

/** Domain refusals (taken name, password rule) as 400s with their message. */
async function asBadRequest<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw new HttpError(400, (err as Error).message);
  }
}

export async function handleApi(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  // A browser that once cached Basic credentials would send them with another site's form posts.
  if (req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(req)) throw new HttpError(403, 'cross-site requests are refused');
  const p = await principalOf(hub, req);
  const path = url.pathname.slice('/api/'.length).replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  let m: RegExpExecArray | null;

  if (path === 'users' && method === 'POST') {
    const body = validated(signUpBody, await jsonBody(req));
    if (body.admin && !p?.user.admin) throw new HttpError(403, 'only admins create admins');
    return sendJson(res, 201, await asBadRequest(hub.users.signUp(body.name, body.password, { admin: body.admin })));
  }
  if ((m = /^users\/([^/]+)$/.exec(path)) && method === 'DELETE') {
    const who = need(p);
    const name = m[1]!;
    if (name !== who.user.name && !who.user.admin) throw new HttpError(403, 'you may delete only your own account');
    const target = await hub.users.get(name);
    if (!target || target.kind !== 'user') throw new HttpError(404, `no such user: ${name}`);
    const blocking = await hub.orgs.soleOwnerOf(name);
    if (blocking.length) throw new HttpError(409, `${name} is the only owner of ${blocking.join(', ')}: add another owner or delete the organisation first`);
    await hub.users.remove(name);
    return sendEmpty(res, 204);
  }
  if (path === 'orgs' && method === 'POST') {
    const who = need(p);
    const body = validated(orgBody, await jsonBody(req));
    return sendJson(res, 201, await asBadRequest(hub.orgs.add(body.name, who.user.name)));
  }
  if ((m = /^orgs\/([^/]+)\/members\/([^/]+)$/.exec(path)) && method === 'PUT') {
    const who = need(p);
    const [, org, user] = m;
    if (!who.user.admin && !(await hub.orgs.isMember(org!, who.user.name))) throw new HttpError(403, 'not a member of this organisation');
    if (!(await hub.users.get(user!))) throw new HttpError(404, `no such user: ${user}`);
    await hub.orgs.addMember(org!, user!);
    return sendEmpty(res, 204);
  }
  if (path === 'tokens') {
    const who = need(p);
    if (method === 'GET') return sendJson(res, 200, await hub.users.listAccessTokens(who.user.name));
    if (method === 'POST') {
      const body = validated(tokenBody, await jsonBody(req));
      return sendJson(res, 201, await asBadRequest(hub.users.createAccessToken(who.user.name, body.label ?? '', body.scope ?? 'read')));
    }
  }
  if ((m = /^tokens\/([^/]+)$/.exec(path)) && method === 'DELETE') {
    const who = need(p);
    if (!(await hub.users.revokeAccessToken(who.user.name, m[1]!))) throw new HttpError(404, 'no such token');
    return sendEmpty(res, 204);
  }
  if ((m = /^repositories\/(.+?)\/tags\/([^/]+)$/.exec(path)) && isRepositoryPath(m[1]!) && isTag(m[2]!) && method === 'DELETE') {
    const repo = await hub.repos.get(m[1]!);
    if (!repo || !(await hub.policy.canRead(p, repo))) throw new HttpError(404, `no such repository: ${m[1]}`);
    if (!(await hub.policy.canAdmin(p, repo.name))) throw new HttpError(403, 'only the owner deletes tags');
    if (!(await hub.repos.deleteTag(repo, m[2]!))) throw new HttpError(404, `no such tag: ${m[2]}`);
    return sendEmpty(res, 204);
  }
  if ((m = /^repositories\/(.+?)(\/webhooks(?:\/(\d+))?)?$/.exec(path)) && isRepositoryPath(m[1]!)) {
    const name = m[1]!;
    const repo = await hub.repos.get(name);
    const owner = await hub.policy.canAdmin(p, name);
    if (!repo || !(await hub.policy.canRead(p, repo))) throw new HttpError(404, `no such repository: ${name}`);
    if (m[2]) {
      if (!owner) throw new HttpError(403, 'only the owner manages webhooks');
      if (method === 'GET') return sendJson(res, 200, await hub.webhooks.list(repo));
      if (method === 'POST') {
        const body = validated(webhookBody, await jsonBody(req));
        const problem = hub.webhooks.problem(body.url);
        if (problem) throw new HttpError(400, problem);
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
      await hub.repos.update(name, validated(repoPatch, await jsonBody(req)));
      return sendEmpty(res, 204);
    } else if (method === 'DELETE') {
      if (!owner) throw new HttpError(403, 'only the owner deletes a repository');
      await hub.repos.remove(repo);
      return sendEmpty(res, 204);
    }
  }
  throw new HttpError(404, `no such API: ${method} /api/${path}`);
}
