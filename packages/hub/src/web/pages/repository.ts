/**
 * `/_/NAME` and `/r/NS/NAME`: a repository's overview (description, README,
 * pull command, pulls, stars, last push, recent tags), and star/unstar.
 * A private repository the viewer may not read is a plain 404 here, as in
 * the registry and in search: its existence is not told.
 */
import type { Repo } from '../../metadata/repos.js';
import { HttpError } from '../../http/respond.js';
import { Redirect, readForm, requireLogin, type PageContext } from '../context.js';
import { ago, copyable, count, displayName, officialBadge, privateBadge, repoPath, shortDigest } from '../format.js';
import { html, type Html } from '../html.js';
import { actionButton, sendPage } from '../layout.js';
import { renderReadme } from '../markdown.js';

/** The repository if the viewer may see it, else 404. */
export async function visibleRepo(ctx: PageContext, name: string): Promise<Repo> {
  const repo = await ctx.hub.repos.get(name);
  if (!repo || !(await ctx.hub.policy.canRead(ctx.viewer && { user: ctx.viewer }, repo))) throw new HttpError(404, ctx.t.noSuchRepository);
  return repo;
}

/** The repository if the viewer administers it (settings, deletion), else 404 or 403. */
export async function adminRepo(ctx: PageContext, name: string): Promise<Repo> {
  requireLogin(ctx);
  const repo = await visibleRepo(ctx, name);
  if (!(await ctx.hub.policy.canAdmin({ user: ctx.viewer! }, repo.name))) throw new HttpError(403, ctx.t.ownerOnly);
  return repo;
}

export type RepoTab = 'overview' | 'tags' | 'settings';

export async function repoHeader(ctx: PageContext, repo: Repo, tab: RepoTab): Promise<Html> {
  const { t, hub, viewer } = ctx;
  const [stars, starred, admin] = await Promise.all([
    hub.stars.count(repo), viewer ? hub.stars.has(repo, viewer.name) : false, hub.policy.canAdmin(viewer && { user: viewer }, repo.name),
  ]);
  const base = repoPath(repo);
  const tabLink = (id: RepoTab, href: string, label: string) => html`<a href="${href}"${tab === id ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<header class="repo-head">
  <h1>${displayName(repo)} ${officialBadge(ctx, repo)} ${privateBadge(ctx, repo)}</h1>
  <p class="description">${repo.description || t.noDescription}</p>
  <p class="meta">
    <span>${t.pulls(count(ctx, repo.pullCount))}</span>
    <span>${t.stars(count(ctx, stars))}</span>
    <span>${t.lastPushed} ${ago(ctx, repo.pushed)}</span>
    ${viewer ? actionButton(ctx, `${base}/${starred ? 'unstar' : 'star'}`, starred ? t.unstar : t.star) : ''}
  </p>
  ${copyable(ctx, `docker pull ${displayName(repo)}`, t.copyPullCommand)}
  <nav class="tabs" aria-label="${t.repository}">
    ${tabLink('overview', base, t.overview)}
    ${tabLink('tags', `${base}/tags`, t.tags)}
    ${admin ? tabLink('settings', `${base}/settings`, t.settings) : ''}
  </nav>
</header>`;
}

export async function repositoryPage(ctx: PageContext, name: string): Promise<void> {
  const { t, hub, viewer } = ctx;
  const repo = await visibleRepo(ctx, name);
  const [header, { total, tags }, admin] = await Promise.all([
    repoHeader(ctx, repo, 'overview'), hub.repos.tagRows(repo, 5), hub.policy.canAdmin(viewer && { user: viewer }, repo.name),
  ]);
  const base = repoPath(repo);
  sendPage(ctx, displayName(repo), html`${header}
<div class="columns">
  <section class="readme-box" aria-labelledby="readme-title">
    <div class="section-head">
      <h2 id="readme-title">${t.readme}</h2>
      ${admin ? html`<form method="get" action="${base}/settings" class="inline"><button type="submit">${t.edit}</button></form>` : ''}
    </div>
    <article class="readme" data-testid="readme">${repo.readme ? renderReadme(repo.readme) : html`<p class="empty">${t.noReadme}</p>`}</article>
  </section>
  <aside aria-labelledby="recent-tags">
    <h2 id="recent-tags">${t.recentTags}</h2>
    ${tags.length ? html`<ul class="tag-list">${tags.map((tag) => html`<li><a href="${base}/tags/${tag.tag}">${tag.tag}</a> <code>${shortDigest(tag.digest)}</code> ${ago(ctx, tag.updated)}</li>`)}</ul>
    <p><a href="${base}/tags">${t.seeAllTags(total)}</a></p>` : html`<p class="empty">${t.noTags}</p>`}
  </aside>
</div>`);
}

export async function starAction(ctx: PageContext, name: string, star: boolean): Promise<void> {
  const viewer = requireLogin(ctx);
  await readForm(ctx);
  const repo = await visibleRepo(ctx, name);
  if (star) await ctx.hub.stars.star(repo, viewer.name);
  else await ctx.hub.stars.unstar(repo, viewer.name);
  throw new Redirect(repoPath(repo));
}
