/**
 * `/settings`: password change and account deletion.
 * `/settings/tokens`: personal access tokens (description, scope read /
 * read-write / read-write-delete); a new token is shown once, in
 * `data-testid="new-token"`, and never again (only its hash is kept).
 */
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { checkCredentials } from '../../auth/credentials.js';
import { TooManyAttemptsError } from '../../auth/login-guard.js';
import { TOKEN_SCOPES } from '../../metadata/users.js';
import { Redirect, readForm, requireLogin, SESSION_COOKIE, type PageContext } from '../context.js';
import { setCookie } from '../cookies.js';
import { ago, copyable } from '../format.js';
import { html, type Html } from '../html.js';
import { actionButton, csrfField, notice, sendPage } from '../layout.js';

function settingsNav(ctx: PageContext, current: 'account' | 'tokens'): Html {
  const { t } = ctx;
  return html`<nav class="tabs" aria-label="${t.settings}">
  <a href="/settings"${current === 'account' ? html` aria-current="page"` : ''}>${t.account}</a>
  <a href="/settings/tokens"${current === 'tokens' ? html` aria-current="page"` : ''}>${t.accessTokens}</a>
</nav>`;
}

export async function settingsPage(ctx: PageContext, msg: { error?: string; ok?: string } = {}, status = 200): Promise<void> {
  const { t, hub } = ctx;
  const viewer = requireLogin(ctx);
  const soleOwner = await hub.orgs.soleOwnerOf(viewer.name);
  sendPage(ctx, t.settings, html`
<h1>${t.settings}</h1>
${settingsNav(ctx, 'account')}
${notice('error', msg.error)}${notice('ok', msg.ok)}
<section aria-labelledby="pw" class="narrow">
  <h2 id="pw">${t.changePassword}</h2>
  <form method="post" action="/settings/password" class="stack">
    ${csrfField(ctx)}
    <label for="current">${t.currentPassword}</label>
    <input id="current" name="current" type="password" autocomplete="current-password" required>
    <label for="next">${t.newPassword}</label>
    <input id="next" name="next" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="next-hint">
    <p id="next-hint" class="hint">${t.passwordRule(MIN_PASSWORD_LENGTH)}</p>
    <button type="submit">${t.changePassword}</button>
  </form>
</section>
<section aria-labelledby="del" class="narrow danger-zone">
  <h2 id="del">${t.deleteAccount}</h2>
  <p>${t.deleteAccountWarning}</p>
  ${soleOwner.length ? html`<p class="notice error">${t.soleOwnerOf(soleOwner.join(', '))}</p>` : html`
  <form method="post" action="/settings/delete" class="stack" data-confirm="${t.confirmDeleteAccount}">
    ${csrfField(ctx)}
    <label for="confirm-password">${t.confirmWithPassword}</label>
    <input id="confirm-password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="danger">${t.deleteAccount}</button>
  </form>`}
</section>`, status);
}

/** Re-checks the viewer's password through the brute-force guard; the refusal to show, if any. */
async function passwordRefused(ctx: PageContext, name: string, password: string): Promise<{ message: string; status: number } | undefined> {
  try {
    if (await checkCredentials(ctx.hub, ctx.req, name, password, { passwordOnly: true })) return undefined;
    return { message: ctx.t.wrongPassword, status: 400 };
  } catch (err) {
    if (!(err instanceof TooManyAttemptsError)) throw err;
    ctx.res.setHeader('Retry-After', String(err.retryAfterSeconds));
    return { message: ctx.t.tooManyAttempts(err.retryAfterSeconds), status: 429 };
  }
}

export async function changePasswordAction(ctx: PageContext): Promise<void> {
  const viewer = requireLogin(ctx);
  const form = await readForm(ctx);
  const refused = await passwordRefused(ctx, viewer.name, form.get('current') ?? '');
  if (refused) return settingsPage(ctx, { error: refused.message }, refused.status);
  try {
    await ctx.hub.users.setPassword(viewer.name, form.get('next') ?? '');
  } catch (err) {
    return settingsPage(ctx, { error: (err as Error).message }, 400);
  }
  await ctx.hub.sessions.closeAll(viewer.name, ctx.sessionId);
  return settingsPage(ctx, { ok: ctx.t.passwordChanged });
}

export async function deleteAccountAction(ctx: PageContext): Promise<void> {
  const viewer = requireLogin(ctx);
  const form = await readForm(ctx);
  const { hub, t } = ctx;
  const refused = await passwordRefused(ctx, viewer.name, form.get('password') ?? '');
  if (refused) return settingsPage(ctx, { error: refused.message }, refused.status);
  const soleOwner = await hub.orgs.soleOwnerOf(viewer.name);
  if (soleOwner.length) return settingsPage(ctx, { error: t.soleOwnerOf(soleOwner.join(', ')) }, 409);
  await hub.users.remove(viewer.name);
  setCookie(ctx.res, SESSION_COOKIE, '', { secure: ctx.secure, maxAgeSeconds: 0 });
  throw new Redirect('/');
}

export async function tokensPage(ctx: PageContext, created?: { token: string; label: string }, error?: string): Promise<void> {
  const { t, hub } = ctx;
  const viewer = requireLogin(ctx);
  const tokens = await hub.users.listAccessTokens(viewer.name);
  const scopeLabel: Record<string, string> = { read: t.scopeRead, 'read-write': t.scopeReadWrite, 'read-write-delete': t.scopeReadWriteDelete };
  sendPage(ctx, t.accessTokens, html`
<h1>${t.accessTokens}</h1>
${settingsNav(ctx, 'tokens')}
<p>${t.tokensIntro}</p>
${notice('error', error)}
${created ? html`<section class="new-token" aria-labelledby="new-token-title">
  <h2 id="new-token-title">${t.copyTokenNow(created.label)}</h2>
  <p>${t.tokenShownOnce}</p>
  <p><code data-testid="new-token">${created.token}</code></p>
  ${copyable(ctx, `docker login -u ${viewer.name}`, t.copyLoginCommand)}
</section>` : ''}
<section aria-labelledby="new" class="narrow">
  <h2 id="new">${t.newToken}</h2>
  <form method="post" action="/settings/tokens" class="stack">
    ${csrfField(ctx)}
    <label for="label">${t.description}</label>
    <input id="label" name="label" required maxlength="100">
    <fieldset>
      <legend>${t.scope}</legend>
      ${Object.keys(TOKEN_SCOPES).map((s, i) => html`<div class="radio"><input type="radio" id="scope-${s}" name="scope" value="${s}"${i === 0 ? html` checked` : ''}><label for="scope-${s}">${scopeLabel[s]}</label></div>`)}
    </fieldset>
    <button type="submit">${t.generate}</button>
  </form>
</section>
<section aria-labelledby="list">
  <h2 id="list">${t.yourTokens}</h2>
  ${tokens.length ? html`<ul class="token-list">${tokens.map((tok) => html`<li${tok.revoked ? html` class="revoked"` : ''}>
    <strong>${tok.label || '—'}</strong> <span class="badge">${scopeLabel[tok.scope] ?? tok.scope}</span>
    <span class="meta">${t.createdAgo} ${ago(ctx, tok.created)} · ${t.lastUsed} ${ago(ctx, tok.lastUsed)}${tok.revoked ? html` · ${t.revoked}` : ''}</span>
    ${tok.revoked ? '' : actionButton(ctx, `/settings/tokens/${tok.id}/revoke`, t.revoke, { danger: true, confirm: t.confirmRevoke(tok.label) })}
  </li>`)}</ul>` : html`<p class="empty">${t.noTokens}</p>`}
</section>`);
}

export async function createTokenAction(ctx: PageContext): Promise<void> {
  const viewer = requireLogin(ctx);
  const form = await readForm(ctx);
  const label = (form.get('label') ?? '').trim().slice(0, 100);
  try {
    const { token } = await ctx.hub.users.createAccessToken(viewer.name, label, form.get('scope') ?? 'read');
    return tokensPage(ctx, { token, label });
  } catch (err) {
    return tokensPage(ctx, undefined, (err as Error).message);
  }
}

export async function revokeTokenAction(ctx: PageContext, id: string): Promise<void> {
  const viewer = requireLogin(ctx);
  await readForm(ctx);
  await ctx.hub.users.revokeAccessToken(viewer.name, id);
  throw new Redirect('/settings/tokens');
}
