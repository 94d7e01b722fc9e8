/**
 * The HTML of the playground's pages. (A minimal page until play-web writes
 * the real one: the router only calls renderPage.)
 */
import type { Lang } from './messages.js';

export interface PageOptions {
  lang: Lang;
  kind: 'start' | 'session';
}

export function renderPage({ lang, kind }: PageOptions): string {
  const title = lang === 'fr' ? 'Playground quai' : 'quai playground';
  const start = lang === 'fr' ? 'Démarrer' : 'Start';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/vendor/xterm/css/xterm.css">
<script type="module" src="/assets/app/web/main.js"></script>
</head>
<body data-kind="${kind}">
<main><h1>${title}</h1>${kind === 'start' ? `<button type="button" id="start">${start}</button>` : ''}</main>
</body>
</html>
`;
}
