/**
 * `/signup`, `/login`, `/logout`. Logging in (or signing up) opens a new
 * session and sets its cookie (HttpOnly, SameSite=Lax, Secure over TLS);
 * the login form goes through the same brute-force guard as `/token`, and
 * takes passwords only (access tokens are for clients, not for the site).
 */
import { TooManyAttemptsError } from '../../auth/login-guard.js';
import { checkCredentials } from '../../auth/credentials.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { SESSION_TTL_SECONDS } from '../../metadata/sessions.js';
import { Redirect, readForm, safeNext, SESSION_COOKIE, type PageContext } from '../context.js';
import { setCookie } from '../cookies.js';
import { html } from '../html.js';
import { csrfField, notice, sendPage } from '../layout.js';

function signupForm(ctx: PageContext, values: { name?: string; error?: string } = {}, status = 200): void {
  const { t } = ctx;
  sendPage(ctx, t.signUp, html`
<section class="narrow">
  <h1>${t.signUpTitle}</h1>
  ${notice('error', values.error)}
  <form method="post" action="/signup" class="stack">
    ${csrfField(ctx)}
    <label for="name">${t.username}</label>
    <input id="name" name="name" autocomplete="username" required pattern="[a-z0-9][a-z0-9_\\-]{1,38}" aria-describedby="name-hint" value="${values.name ?? ''}">
    <p id="name-hint" class="hint">${t.usernameRule}</p>
    <label for="password">${t.password}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="password-hint">
    <p id="password-hint" class="hint">${t.passwordRule(MIN_PASSWORD_LENGTH)}</p>
    <button type="submit">${t.signUp}</button>
  </form>
  <p>${t.haveAccount} <a href="/login">${t.logIn}</a></p>
</section>`, status);
}

function loginForm(ctx: PageContext, values: { name?: string; error?: string } = {}, status = 200): void {
  const { t } = ctx;
  const next = ctx.url.searchParams.get('next');
  sendPage(ctx, t.logIn, html`
<section class="narrow">
  <h1>${t.logInTitle}</h1>
  ${notice('error', values.error)}
  <form method="post" action="/login${next ? `?next=${encodeURIComponent(next)}` : ''}" class="stack">
    ${csrfField(ctx)}
    <label for="name">${t.username}</label>
    <input id="name" name="name" autocomplete="username" required value="${values.name ?? ''}">
    <label for="password">${t.password}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">${t.logIn}</button>
  </form>
  <p>${t.noAccount} <a href="/signup">${t.signUp}</a></p>
</section>`, status);
}

async function startSession(ctx: PageContext, user: string): Promise<void> {
  if (ctx.sessionId) await ctx.hub.sessions.close(ctx.sessionId);
  const { id } = await ctx.hub.sessions.open(user);
  setCookie(ctx.res, SESSION_COOKIE, id, { secure: ctx.secure, maxAgeSeconds: SESSION_TTL_SECONDS });
}

export async function signupPage(ctx: PageContext): Promise<void> {
  if (ctx.req.method !== 'POST') return signupForm(ctx);
  const form = await readForm(ctx);
  const name = (form.get('name') ?? '').trim();
  try {
    await ctx.hub.users.signUp(name, form.get('password') ?? '');
  } catch (err) {
    return signupForm(ctx, { name, error: (err as Error).message }, 400);
  }
  await startSession(ctx, name);
  throw new Redirect(`/u/${name}`);
}

export async function loginPage(ctx: PageContext): Promise<void> {
  if (ctx.req.method !== 'POST') return loginForm(ctx);
  const form = await readForm(ctx);
  const name = (form.get('name') ?? '').trim();
  let principal;
  try {
    principal = await checkCredentials(ctx.hub, ctx.req, name, form.get('password') ?? '', { passwordOnly: true });
  } catch (err) {
    if (!(err instanceof TooManyAttemptsError)) throw err;
    ctx.res.setHeader('Retry-After', String(err.retryAfterSeconds));
    return loginForm(ctx, { name, error: ctx.t.tooManyAttempts(err.retryAfterSeconds) }, 429);
  }
  if (!principal) return loginForm(ctx, { name, error: ctx.t.wrongCredentials }, 401);
  await startSession(ctx, principal.user.name);
  throw new Redirect(safeNext(ctx.url.searchParams.get('next')));
}

export async function logoutAction(ctx: PageContext): Promise<void> {
  await readForm(ctx);
  if (ctx.sessionId) await ctx.hub.sessions.close(ctx.sessionId);
  setCookie(ctx.res, SESSION_COOKIE, '', { secure: ctx.secure, maxAgeSeconds: 0 });
  throw new Redirect('/');
}
