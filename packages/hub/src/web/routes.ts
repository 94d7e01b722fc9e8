/**
 * The hub's web pages, on Docker Hub's URL scheme, served by the same
 * server as the registry:
 *
 *   GET  /                                   explore
 *   GET  /search?q=&page=                    search
 *   GET  /_/NAME[/tags[/TAG[/layers/N]]]     an official image (library/NAME)
 *   GET  /r/NS/NAME[/tags[/TAG[/layers/N]]]  a repository, its tags, an image and its layers
 *   POST /r/NS/NAME/star|unstar, /r/NS/NAME/tags/TAG/delete
 *   GET|POST /r/NS/NAME/settings[/collaborators|webhooks|delete...]
 *   GET  /u/NAME                             a user or an organisation
 *   GET|POST /signup, /login;  POST /logout
 *   GET|POST /settings[/password|delete], /settings/tokens[/ID/revoke]
 *   GET|POST /orgs, /orgs/NAME[/...]
 *   GET  /static/hub.css, /static/hub.js
 *
 * Handlers answer a page, or throw Redirect (303) or HttpError (an error
 * page with its status); every POST checks the CSRF token (context.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import { HttpError } from '../http/respond.js';
import { isRepositoryPath, isTag } from '@quai/common';
import { ACCOUNT_NAME_RE } from '../metadata/users.js';
import { pageContext, Redirect, type PageContext } from './context.js';
import { setCookie } from './cookies.js';
import { html } from './html.js';
import { isLang } from './i18n.js';
import { securityHeaders, sendPage } from './layout.js';
import { serveStatic } from './static.js';
import { explorePage, searchPage } from './pages/explore.js';
import { repositoryPage, starAction } from './pages/repository.js';
import { deleteTagAction, tagsPage } from './pages/tags.js';
import { layerPage, tagPage } from './pages/tag.js';
import { namespacePage } from './pages/namespace.js';
import { loginPage, logoutAction, signupPage } from './pages/account.js';
import { changePasswordAction, createTokenAction, deleteAccountAction, revokeTokenAction, settingsPage, tokensPage } from './pages/settings.js';
import { createOrgAction, orgAction, orgPage, orgsPage } from './pages/orgs.js';
import { repoSettingsAction, repoSettingsPage } from './pages/repo-settings.js';

/** True for the paths the web pages own (everything but /v2, /token, /v1 and /api). */
export function isWebPath(pathname: string): boolean {
  return !/^\/(v2|v1|api|token)(\/|$)/.test(pathname);
}

export async function handleWeb(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (url.pathname.startsWith('/static/')) return serveStatic(req, res, url.pathname);
  const ctx = await pageContext(hub, req, res, url);
  try {
    const lang = url.searchParams.get('lang');
    if (lang !== null && (req.method === 'GET' || req.method === 'HEAD')) {
      if (isLang(lang)) setCookie(res, 'quai_lang', lang, { secure: ctx.secure, maxAgeSeconds: 365 * 24 * 3600 });
      url.searchParams.delete('lang');
      throw new Redirect(url.pathname + (url.search || ''));
    }
    await route(ctx, segments(url.pathname));
  } catch (err) {
    if (res.headersSent) { res.destroy(); return; }
    if (err instanceof Redirect) {
      securityHeaders(res);
      res.writeHead(303, { Location: err.location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    // Unread form bodies would otherwise be parsed as the next request.
    if (!req.readableEnded) res.setHeader('Connection', 'close');
    const status = err instanceof HttpError ? err.status : 500;
    if (status === 500) hub.config.log(`web: ${req.method} ${url.pathname}: ${(err as Error)?.stack ?? String(err)}`);
    const message = status === 500 ? ctx.t.internalError : (err as Error).message;
    sendPage(ctx, String(status), html`<h1>${status === 404 ? ctx.t.notFound : status === 403 ? ctx.t.forbidden : ctx.t.error}</h1><p class="notice error" role="alert">${message}</p><p><a href="/">${ctx.t.backHome}</a></p>`, status);
  }
}

/** Decoded path segments; a segment that does not decode is a 404. */
function segments(pathname: string): string[] {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new HttpError(404, 'not found');
  }
}

function notFound(ctx: PageContext): never {
  throw new HttpError(404, ctx.t.notFound);
}

async function route(ctx: PageContext, parts: string[]): Promise<void> {
  const post = ctx.req.method === 'POST';
  const get = ctx.req.method === 'GET' || ctx.req.method === 'HEAD';
  if (!post && !get) throw new HttpError(405, 'method not allowed');
  const [first, ...rest] = parts;

  if (!first) return get ? explorePage(ctx) : notFound(ctx);
  if (first === 'search' && !rest.length && get) return searchPage(ctx);
  if (first === 'signup' && !rest.length) return signupPage(ctx);
  if (first === 'login' && !rest.length) return loginPage(ctx);
  if (first === 'logout' && !rest.length && post) return logoutAction(ctx);
  if (first === 'u' && rest.length === 1 && get) return namespacePage(ctx, account(ctx, rest[0]!));
  if (first === 'settings') return settingsRoute(ctx, rest, post);
  if (first === 'orgs') {
    if (!rest.length) return post ? createOrgAction(ctx) : orgsPage(ctx);
    const org = account(ctx, rest[0]!);
    if (rest.length === 1 && get) return orgPage(ctx, org);
    if (post) return orgAction(ctx, org, rest.slice(1));
    return notFound(ctx);
  }
  if (first === '_' && rest.length >= 1) return repoRoute(ctx, `library/${rest[0]}`, rest.slice(1), post);
  if (first === 'r' && rest.length >= 2) return repoRoute(ctx, `${rest[0]}/${rest[1]}`, rest.slice(2), post);
  return notFound(ctx);
}

function account(ctx: PageContext, name: string): string {
  if (!ACCOUNT_NAME_RE.test(name) && name !== 'library') notFound(ctx);
  return name;
}

async function settingsRoute(ctx: PageContext, rest: string[], post: boolean): Promise<void> {
  const [a, b, c] = rest;
  if (!a) return post ? notFound(ctx) : settingsPage(ctx);
  if (a === 'password' && !b && post) return changePasswordAction(ctx);
  if (a === 'delete' && !b && post) return deleteAccountAction(ctx);
  if (a === 'tokens' && !b) return post ? createTokenAction(ctx) : tokensPage(ctx);
  if (a === 'tokens' && b && c === 'revoke' && rest.length === 3 && post) return revokeTokenAction(ctx, b);
  return notFound(ctx);
}

async function repoRoute(ctx: PageContext, name: string, rest: string[], post: boolean): Promise<void> {
  if (!isRepositoryPath(name)) notFound(ctx);
  const [a, tag, c, d] = rest;
  if (tag !== undefined && a === 'tags' && !isTag(tag)) notFound(ctx);
  if (!post) {
    if (!a) return repositoryPage(ctx, name);
    if (a === 'tags' && !tag) return tagsPage(ctx, name);
    if (a === 'tags' && rest.length === 2) return tagPage(ctx, name, tag!);
    if (a === 'tags' && c === 'layers' && d && /^\d{1,4}$/.test(d) && rest.length === 4) return layerPage(ctx, name, tag!, Number(d));
    if (a === 'settings' && rest.length === 1) return repoSettingsPage(ctx, name);
    return notFound(ctx);
  }
  if ((a === 'star' || a === 'unstar') && rest.length === 1) return starAction(ctx, name, a === 'star');
  if (a === 'tags' && c === 'delete' && rest.length === 3) return deleteTagAction(ctx, name, tag!);
  if (a === 'settings') return repoSettingsAction(ctx, name, rest.slice(1));
  return notFound(ctx);
}
