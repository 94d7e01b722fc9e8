/** `/` (explore: official, most pulled, recently updated) and `/search?q=&page=`. */
import type { RepoCard } from '../../metadata/catalog.js';
import type { PageContext } from '../context.js';
import { ago, count, displayName, officialBadge, repoPath } from '../format.js';
import { html, type Html } from '../html.js';
import { sendPage } from '../layout.js';

export const SEARCH_PAGE_SIZE = 25;

function card(ctx: PageContext, r: RepoCard): Html {
  const { t } = ctx;
  return html`<li class="card">
  <h3><a href="${repoPath(r)}">${displayName(r)}</a> ${officialBadge(ctx, r)}</h3>
  <p class="description">${r.description || t.noDescription}</p>
  <p class="meta"><span>${t.pulls(count(ctx, r.pullCount))}</span> <span>${t.stars(count(ctx, r.stars))}</span> <span>${t.updated} ${ago(ctx, r.pushed ?? r.created)}</span></p>
</li>`;
}

export function cardList(ctx: PageContext, repos: RepoCard[], empty: string): Html {
  return repos.length ? html`<ul class="cards">${repos.map((r) => card(ctx, r))}</ul>` : html`<p class="empty">${empty}</p>`;
}

export async function explorePage(ctx: PageContext): Promise<void> {
  const { t, hub } = ctx;
  const [official, popular, recent] = await Promise.all([hub.catalog.official(12), hub.catalog.mostPulled(10), hub.catalog.recentlyUpdated(10)]);
  sendPage(ctx, t.explore, html`
<section class="hero">
  <h1>${t.exploreTitle}</h1>
  <p>${t.exploreIntro}</p>
  <form method="get" action="/search" role="search" class="big-search">
    <label for="q">${t.searchRepositories}</label>
    <input id="q" name="q" type="search" placeholder="${t.searchPlaceholder}">
    <button type="submit">${t.search}</button>
  </form>
</section>
<section aria-labelledby="official"><h2 id="official">${t.officialImages}</h2>${cardList(ctx, official, t.nothingYet)}</section>
<section aria-labelledby="popular"><h2 id="popular">${t.mostPulled}</h2>${cardList(ctx, popular, t.nothingYet)}</section>
<section aria-labelledby="recent"><h2 id="recent">${t.recentlyUpdated}</h2>${cardList(ctx, recent, t.nothingYet)}</section>`);
}

export async function searchPage(ctx: PageContext): Promise<void> {
  const { t, hub, url } = ctx;
  const q = (url.searchParams.get('q') ?? '').slice(0, 200);
  const page = Math.max(1, Math.min(Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1, 10_000));
  const { total, repos } = await hub.catalog.search(q, SEARCH_PAGE_SIZE, (page - 1) * SEARCH_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const link = (p: number) => `/search?${new URLSearchParams({ q, page: String(p) })}`;
  sendPage(ctx, q ? t.resultsFor(q) : t.search, html`
<h1>${q ? t.resultsFor(q) : t.search}</h1>
<form method="get" action="/search" role="search" class="big-search">
  <label for="q">${t.searchRepositories}</label>
  <input id="q" name="q" type="search" value="${q}">
  <button type="submit">${t.search}</button>
</form>
<p class="count" role="status">${t.resultCount(total)}</p>
${cardList(ctx, repos, t.noResults)}
${pages > 1 ? html`<nav class="pager" aria-label="${t.pages}">
  ${page > 1 ? html`<a rel="prev" href="${link(page - 1)}">${t.previous}</a>` : ''}
  <span>${t.pageOf(page, pages)}</span>
  ${page < pages ? html`<a rel="next" href="${link(page + 1)}">${t.next}</a>` : ''}
</nav>` : ''}`);
}
