/**
 * The page shell and the one place HTML responses are written: every page
 * leaves with the same security headers (Content-Security-Policy: scripts
 * and styles only from /static, no inline code, no framing, forms only to
 * ourselves).
 */
import type { ServerResponse } from 'node:http';
import type { PageContext } from './context.js';
import { html, type Html } from './html.js';

export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: https:", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
}

export function sendPage(ctx: PageContext, title: string, body: Html, status = 200): void {
  const { t, viewer } = ctx;
  const langHref = (lang: string) => {
    const u = new URL(ctx.url.href);
    u.searchParams.set('lang', lang);
    return u.pathname + u.search;
  };
  const page = html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · quai hub</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/hub.css">
<script src="/static/hub.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="top">
  <a class="brand" href="/">quai hub</a>
  <form class="search" role="search" method="get" action="/search">
    <label for="top-q" class="visually-hidden">${t.search}</label>
    <input id="top-q" name="q" type="search" placeholder="${t.searchPlaceholder}" value="${ctx.url.pathname === '/search' ? ctx.url.searchParams.get('q') ?? '' : ''}">
  </form>
  <nav aria-label="${t.account}">
    <a href="/">${t.explore}</a>
    ${viewer ? html`
      <a href="/u/${viewer.name}">${viewer.name}</a>
      <a href="/orgs">${t.organisations}</a>
      <a href="/settings">${t.settings}</a>
      <form method="post" action="/logout" class="inline">${csrfField(ctx)}<button type="submit" class="link">${t.logOut}</button></form>`
    : html`<a href="/login">${t.logIn}</a> <a class="button" href="/signup">${t.signUp}</a>`}
  </nav>
</header>
<main id="main">
${body}
</main>
<footer>
  <span>quai hub</span>
  <nav aria-label="${t.language}">
    <a href="${langHref('en')}" lang="en"${ctx.lang === 'en' ? html` aria-current="true"` : ''}>English</a>
    <a href="${langHref('fr')}" lang="fr"${ctx.lang === 'fr' ? html` aria-current="true"` : ''}>Français</a>
  </nav>
</footer>
</body>
</html>
`;
  const bytes = Buffer.from(page.value);
  securityHeaders(ctx.res);
  ctx.res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8', 'Content-Length': bytes.length,
    'Cache-Control': 'no-store', 'Content-Language': ctx.lang, Vary: 'Cookie, Accept-Language',
  });
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : bytes);
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

/** A small form with one button that POSTs to `action` (delete, star, revoke ...). */
export function actionButton(ctx: PageContext, action: string, label: string, opts: { danger?: boolean; confirm?: string; fields?: Record<string, string> } = {}): Html {
  return html`<form method="post" action="${action}" class="inline"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(ctx)}${
    Object.entries(opts.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)
  }<button type="submit"${opts.danger ? html` class="danger"` : ''}>${label}</button></form>`;
}

export function notice(kind: 'error' | 'ok', text: string | undefined): Html {
  if (!text) return html``;
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`;
}
