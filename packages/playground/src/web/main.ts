// The page's entry point: the start page or a session page, as the server said (body[data-kind]).
import { openSession } from './session.js';
import { openStart } from './start.js';

/** The language links keep the rest of the address (a session page's token). */
function bindLanguageLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-lang]')) {
    const u = new URL(location.href);
    u.searchParams.set('lang', link.dataset.lang!);
    link.href = u.pathname + u.search;
  }
}

bindLanguageLinks();
if (document.body.dataset.kind === 'session') openSession();
else openStart();
