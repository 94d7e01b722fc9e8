/** `/r/NS/NAME/tags`: every tag with its digest, compressed size, OS/arch, last push and pull command; owners delete tags. */
import { HttpError } from '../../http/respond.js';
import { Redirect, readForm, type PageContext } from '../context.js';
import { ago, copyable, displayName, repoPath, shortDigest, size } from '../format.js';
import { html } from '../html.js';
import { actionButton, sendPage } from '../layout.js';
import { adminRepo, repoHeader, visibleRepo } from './repository.js';

export const TAGS_PAGE_SIZE = 25;

export async function tagsPage(ctx: PageContext, name: string): Promise<void> {
  const { t, hub, viewer, url } = ctx;
  const repo = await visibleRepo(ctx, name);
  const page = Math.max(1, Math.min(Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1, 100_000));
  const [header, { total, tags }, admin] = await Promise.all([
    repoHeader(ctx, repo, 'tags'), hub.repos.tagRows(repo, TAGS_PAGE_SIZE, (page - 1) * TAGS_PAGE_SIZE), hub.policy.canAdmin(viewer && { user: viewer }, repo.name),
  ]);
  const summaries = await Promise.all(tags.map((tag) => hub.images.summary(repo, tag.digest)));
  const pages = Math.max(1, Math.ceil(total / TAGS_PAGE_SIZE));
  const base = repoPath(repo);
  sendPage(ctx, `${displayName(repo)} · ${t.tags}`, html`${header}
<h2>${t.tagCount(total)}</h2>
${tags.length ? html`<ul class="tags">${tags.map((tag, i) => html`<li class="tag">
  <h3><a href="${base}/tags/${tag.tag}">${tag.tag}</a></h3>
  <dl>
    <div><dt>${t.digest}</dt><dd><code title="${tag.digest}">${shortDigest(tag.digest)}</code></dd></div>
    <div><dt>${t.osArch}</dt><dd>${[summaries[i]!.os, summaries[i]!.architecture].filter(Boolean).join('/') || '—'}</dd></div>
    <div><dt>${t.compressedSize}</dt><dd>${size(summaries[i]!.size)}</dd></div>
    <div><dt>${t.lastPushed}</dt><dd>${ago(ctx, tag.updated)}</dd></div>
  </dl>
  ${copyable(ctx, `docker pull ${displayName(repo)}:${tag.tag}`, t.copyPullCommand)}
  ${admin ? actionButton(ctx, `${base}/tags/${tag.tag}/delete`, t.deleteTag(tag.tag), { danger: true, confirm: t.confirmDeleteTag(tag.tag) }) : ''}
</li>`)}</ul>` : html`<p class="empty">${t.noTags}</p>`}
${pages > 1 ? html`<nav class="pager" aria-label="${t.pages}">
  ${page > 1 ? html`<a rel="prev" href="${base}/tags?page=${page - 1}">${t.previous}</a>` : ''}
  <span>${t.pageOf(page, pages)}</span>
  ${page < pages ? html`<a rel="next" href="${base}/tags?page=${page + 1}">${t.next}</a>` : ''}
</nav>` : ''}`);
}

export async function deleteTagAction(ctx: PageContext, name: string, tag: string): Promise<void> {
  await readForm(ctx);
  const repo = await adminRepo(ctx, name);
  if (!(await ctx.hub.repos.deleteTag(repo, tag))) throw new HttpError(404, ctx.t.noSuchTag);
  throw new Redirect(`${repoPath(repo)}/tags`);
}
