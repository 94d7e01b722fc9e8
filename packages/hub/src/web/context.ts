/**
 * What every page handler gets: the hub, the request, who is looking (the
 * session's user), the language, and the CSRF token its forms must carry.
 *
 * CSRF: a logged-in browser's token is its session's (kept server-side);
 * an anonymous one gets a random token in its own cookie (login and sign-up
 * forms), so a form posted from another site, which can neither read our
 * pages nor set our cookies, never carries the right value. State-changing
 * requests also refuse a foreign Origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { Hub } from '../hub.js';
import type { User } from '../metadata/users.js';
import { HttpError, readBody } from '../http/respond.js';
import { sameOrigin } from '../http/origin.js';
import { readCookies, setCookie } from './cookies.js';
import { pickLang, messages, type Lang, type Messages } from './i18n.js';

export const SESSION_COOKIE = 'quai_session';
const CSRF_COOKIE = 'quai_csrf';
const FORM_LIMIT = 512 * 1024;

export interface PageContext {
  hub: Hub;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  lang: Lang;
  t: Messages;
  viewer?: User;
  /** The session cookie's value, when logged in. */
  sessionId?: string;
  csrf: string;
  secure: boolean;
}

export async function pageContext(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<PageContext> {
  const cookies = readCookies(req);
  const secure = req.socket instanceof TLSSocket;
  const lang = pickLang(cookies.get('quai_lang'), req.headers['accept-language']);
  const ctx: PageContext = { hub, req, res, url, lang, t: messages(lang), csrf: '', secure };
  const sid = cookies.get(SESSION_COOKIE);
  const session = sid ? await hub.sessions.get(sid) : undefined;
  const viewer = session && (await hub.users.get(session.user));
  if (session && viewer) {
    ctx.viewer = viewer;
    ctx.sessionId = sid;
    ctx.csrf = session.csrf;
  } else {
    if (sid) setCookie(res, SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 });
    ctx.csrf = cookies.get(CSRF_COOKIE) ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(ctx.csrf)) {
      ctx.csrf = randomBytes(32).toString('base64url');
      setCookie(res, CSRF_COOKIE, ctx.csrf, { secure });
    }
  }
  return ctx;
}

/** Reads an urlencoded form and checks its CSRF token and origin; 403 otherwise. */
export async function readForm(ctx: PageContext): Promise<URLSearchParams> {
  if (!sameOrigin(ctx.req)) throw new HttpError(403, ctx.t.csrfFailed);
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const body = await readBody(ctx.req, FORM_LIMIT, () => new HttpError(413, 'form too large'));
  const form = type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
  const sent = Buffer.from(form.get('_csrf') ?? '');
  const want = Buffer.from(ctx.csrf);
  if (!want.length || sent.length !== want.length || !timingSafeEqual(sent, want)) throw new HttpError(403, ctx.t.csrfFailed);
  return form;
}

/** The viewer, or a redirect to the login page (then back here). */
export function requireLogin(ctx: PageContext): User {
  if (ctx.viewer) return ctx.viewer;
  throw new Redirect(`/login?next=${encodeURIComponent(ctx.url.pathname + ctx.url.search)}`);
}

/** Thrown by handlers to answer 303 See Other (after a POST, or to the login page). */
export class Redirect extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}

/** A same-site path from `?next=`, or `/`. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
