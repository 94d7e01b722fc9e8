/**
 * The HTML of the playground's two pages: the start page (`/`) and the
 * session page (`/s/ID?t=TOKEN`). The page is a static frame; its code
 * (src/web, served from /assets/app/web/main.js) fills it in.
 *
 * No inline code runs: the only inline <script> elements are the import map
 * (allowed by its hash in the page's Content-Security-Policy) and a JSON
 * data block with the page's words, which browsers never execute.
 */
import { createHash } from 'node:crypto';
import { UI_STRINGS, type UiStrings } from '../shared/ui-strings.js';
import type { Lang } from './messages.js';

export interface PageOptions {
  lang: Lang;
  kind: 'start' | 'session';
}

/** Bare module names the page's code imports, as served by assets.ts (no bundler). */
const IMPORT_MAP = JSON.stringify({
  imports: {
    '@xterm/xterm': '/assets/vendor/xterm/lib/xterm.mjs',
    '@xterm/addon-fit': '/assets/vendor/addon-fit/lib/addon-fit.mjs',
    marked: '/assets/vendor/marked/lib/marked.esm.js',
    dompurify: '/assets/vendor/dompurify/dist/purify.es.mjs',
  },
});

const IMPORT_MAP_HASH = createHash('sha256').update(IMPORT_MAP).digest('base64');

/**
 * Scripts: our files and the import map only. Styles allow inline style
 * elements because xterm.js's DOM renderer writes its own; the lab text is
 * sanitized (no style attributes) before it reaches the page.
 */
export const PAGE_CSP = [
  "default-src 'none'", `script-src 'self' 'sha256-${IMPORT_MAP_HASH}'`, "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "form-action 'self'", "base-uri 'none'",
].join('; ');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script type="application/json">: `<` escaped so no `</script>` can end it. */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function startMain(t: UiStrings): string {
  return `<section class="start" aria-labelledby="start-title">
  <h1 id="start-title">${escapeHtml(t.title)}</h1>
  <p class="intro">${escapeHtml(t.intro)}</p>
  <form id="start-form" class="card">
    <fieldset>
      <legend>${escapeHtml(t.template)}</legend>
      <label><input type="radio" name="template" value="blank" checked> ${escapeHtml(t.templateBlank)}</label>
      <label><input type="radio" name="template" value="one"> ${escapeHtml(t.templateOne)}</label>
      <label><input type="radio" name="template" value="three"> ${escapeHtml(t.templateThree)}</label>
    </fieldset>
    <button type="submit" class="primary" id="start">${escapeHtml(t.start)}</button>
  </form>
  <details class="card">
    <summary>${escapeHtml(t.restoreLegend)}</summary>
    <form id="restore-form">
      <label for="restore-ref">${escapeHtml(t.restoreRef)}</label>
      <input id="restore-ref" name="ref" required autocomplete="off" spellcheck="false">
      <button type="submit">${escapeHtml(t.restore)}</button>
    </form>
  </details>
</section>`;
}

function sessionMain(t: UiStrings): string {
  return `<div class="session">
  <aside class="instances" aria-labelledby="instances-title">
    <h2 id="instances-title">${escapeHtml(t.instances)}</h2>
    <button type="button" id="add-instance" class="primary rw-only">${escapeHtml(t.addInstance)}</button>
    <ul id="instance-list" class="instance-list"></ul>
    <p id="no-instances" class="muted">${escapeHtml(t.noInstances)}</p>
  </aside>
  <section class="workspace" aria-label="${escapeHtml(t.files)}">
    <div id="instance-bar" class="instance-bar" hidden>
      <h2 id="instance-title"></h2>
      <span id="terminal-status" class="terminal-status" role="status" aria-live="polite"></span>
      <button type="button" id="reconnect" hidden>${escapeHtml(t.reconnect)}</button>
      <span class="spacer"></span>
      <label class="button rw-only" for="upload-input">${escapeHtml(t.upload)}</label>
      <input type="file" id="upload-input" class="visually-hidden rw-only" multiple>
      <form id="download-form" class="download">
        <label for="download-path" class="visually-hidden">${escapeHtml(t.downloadPath)}</label>
        <input id="download-path" placeholder="${escapeHtml(t.downloadPath)}" required autocomplete="off" spellcheck="false">
        <button type="submit">${escapeHtml(t.download)}</button>
      </form>
    </div>
    <div id="terminals" class="terminals"></div>
    <p id="upload-hint" class="muted hint rw-only" hidden>${escapeHtml(t.uploadHint)}</p>
  </section>
  <aside id="labs-panel" class="labs" aria-labelledby="labs-title" hidden>
    <h2 id="labs-title">${escapeHtml(t.labs)}</h2>
    <label for="lab-choice">${escapeHtml(t.chooseLab)}</label>
    <select id="lab-choice"></select>
    <div id="lab-body" class="lab-body"></div>
  </aside>
</div>`;
}

function sessionHeader(t: UiStrings): string {
  return `<div class="session-tools">
    <span class="time-left">${escapeHtml(t.timeLeft)} <time id="time-left">–</time></span>
    <span id="read-only" class="badge" hidden>${escapeHtml(t.readOnly)}</span>
    <details id="share" class="menu rw-only">
      <summary>${escapeHtml(t.share)}</summary>
      <div class="menu-body">
        <label for="share-rw">${escapeHtml(t.shareRw)}</label>
        <div class="copy-row"><input id="share-rw" readonly><button type="button" data-copy="share-rw" aria-label="${escapeHtml(t.copyRw)}">${escapeHtml(t.copy)}</button></div>
        <label for="share-ro">${escapeHtml(t.shareRo)}</label>
        <div class="copy-row"><input id="share-ro" readonly><button type="button" data-copy="share-ro" aria-label="${escapeHtml(t.copyRo)}">${escapeHtml(t.copy)}</button></div>
      </div>
    </details>
    <details id="save" class="menu rw-only">
      <summary>${escapeHtml(t.save)}</summary>
      <form id="save-form" class="menu-body">
        <label for="save-name">${escapeHtml(t.saveName)}</label>
        <input id="save-name" autocomplete="off" spellcheck="false" maxlength="64" pattern="[a-z0-9]+([._\\-][a-z0-9]+)*">
        <button type="submit">${escapeHtml(t.save)}</button>
      </form>
    </details>
    <button type="button" id="toggle-labs" aria-controls="labs-panel" aria-expanded="false">${escapeHtml(t.labs)}</button>
    <button type="button" id="close-session" class="danger rw-only">${escapeHtml(t.closeSession)}</button>
  </div>`;
}

export function renderPage({ lang, kind }: PageOptions): string {
  const t = UI_STRINGS[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<title>${escapeHtml(t.title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/vendor/xterm/css/xterm.css">
<link rel="stylesheet" href="/assets/play.css">
<script type="importmap">${IMPORT_MAP}</script>
<script type="application/json" id="ui-strings">${jsonBlock(t)}</script>
<script type="module" src="/assets/app/web/main.js"></script>
</head>
<body data-kind="${kind}">
<a class="skip" href="#main">${escapeHtml(t.skipToContent)}</a>
<header class="top">
  <a class="brand" href="/?lang=${lang}">${escapeHtml(t.title)}</a>
  ${kind === 'session' ? sessionHeader(t) : ''}
  <nav class="langs" aria-label="${escapeHtml(t.language)}">
    <a href="?lang=en" lang="en" data-lang="en"${lang === 'en' ? ' aria-current="true"' : ''}>English</a>
    <a href="?lang=fr" lang="fr" data-lang="fr"${lang === 'fr' ? ' aria-current="true"' : ''}>Français</a>
  </nav>
</header>
<div id="messages" class="messages" role="alert" aria-live="assertive"></div>
<div id="notices" class="notices" role="status" aria-live="polite"></div>
<main id="main">
${kind === 'start' ? startMain(t) : sessionMain(t)}
</main>
</body>
</html>
`;
}
