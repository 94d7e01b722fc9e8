/**
 * `/r/NS/NAME/tags/TAG`: one image, layer by layer, with the layer
 * explorer: the command that made each layer (config history), its size
 * and digest, the files it adds, changes and deletes (whiteouts), and which
 * other repositories share it and so how much disk the sharing saves (the
 * layer is stored once, not once per repository).
 * `/r/NS/NAME/tags/TAG/layers/N`: one layer's whole file list.
 */
import { HttpError } from '../../http/respond.js';
import type { Repo } from '../../metadata/repos.js';
import { diffLayers, type LayerChange } from '../../images/layer-diff.js';
import type { ImageView, LayerView } from '../../images/image-views.js';
import type { LayerEntry } from '../../images/layer-files.js';
import type { PageContext } from '../context.js';
import { ago, copyable, displayName, repoPath, shortDigest, size } from '../format.js';
import { html, type Html } from '../html.js';
import { sendPage } from '../layout.js';
import { repoHeader, visibleRepo } from './repository.js';

/** Files shown inline per layer; the layer's own page lists them all. */
const INLINE_FILES = 1000;

interface Explored {
  image: ImageView;
  changes: Array<LayerChange[] | undefined>;
  /** Why a layer's files could not be read (a corrupt blob...). */
  errors: Array<string | undefined>;
}

async function explore(ctx: PageContext, repo: Repo, tag: string): Promise<Explored> {
  const { hub, t } = ctx;
  const digest = await hub.repos.tagDigest(repo, tag);
  const image = digest && (await hub.images.image(repo, digest, ctx.url.searchParams.get('platform') ?? undefined));
  if (!image) throw new HttpError(404, t.noSuchTag);
  const errors: Array<string | undefined> = [];
  const listed: LayerEntry[][] = [];
  for (const layer of image.layers) {
    try {
      listed.push(await hub.images.layerFiles(layer.digest));
      errors.push(undefined);
    } catch (err) {
      listed.push([]);
      errors.push((err as Error).message);
    }
  }
  const diffs = diffLayers(listed);
  return { image, changes: diffs.map((d, i) => (errors[i] ? undefined : d)), errors };
}

function changeList(ctx: PageContext, changes: LayerChange[], limit: number): Html {
  const { t } = ctx;
  const mark = { added: '+', changed: '~', deleted: '−', opaque: '∅' } as const;
  const label = { added: t.added, changed: t.changed, deleted: t.deleted, opaque: t.opaque } as const;
  return html`<ul class="files-list">${changes.slice(0, limit).map((c) => html`<li class="${c.kind}">
    <span class="kind" title="${label[c.kind]}"><span aria-hidden="true">${mark[c.kind]}</span><span class="visually-hidden">${label[c.kind]}</span></span>
    <code>${c.path}${c.type === 'dir' ? '/' : ''}</code>${c.link ? html` <span class="link">→ <code>${c.link}</code></span>` : ''}${c.type === 'file' && c.kind !== 'deleted' ? html` <span class="size">${size(c.size)}</span>` : ''}
  </li>`)}</ul>`;
}

function summaryCounts(ctx: PageContext, changes: LayerChange[]): string {
  const n = (k: LayerChange['kind']) => changes.filter((c) => c.kind === k).length;
  return ctx.t.changeCounts(n('added'), n('changed'), n('deleted') + n('opaque'));
}

async function sharing(ctx: PageContext, repo: Repo, layer: LayerView): Promise<Html> {
  const { hub, t, viewer } = ctx;
  const users = await hub.repos.usersOfBlob(layer.digest);
  const visible: Repo[] = [];
  for (const r of users) if (r.id !== repo.id && (await hub.policy.canRead(viewer && { user: viewer }, r))) visible.push(r);
  if (!visible.length) return html`<p class="sharing">${t.notShared}</p>`;
  return html`<p class="sharing shared">${t.sharedWith(visible.length)} ${visible.map((r, i) => html`${i ? ', ' : ''}<a href="${repoPath(r)}">${displayName(r)}</a>`)}.
    ${t.sharingSaves(size(layer.size * visible.length))}</p>`;
}

export async function tagPage(ctx: PageContext, name: string, tag: string): Promise<void> {
  const { t } = ctx;
  const repo = await visibleRepo(ctx, name);
  const { image, changes, errors } = await explore(ctx, repo, tag);
  const header = await repoHeader(ctx, repo, 'tags');
  const base = `${repoPath(repo)}/tags/${tag}`;
  const layers: Html[] = [];
  for (const layer of image.layers) {
    const list = changes[layer.index];
    layers.push(html`<li class="layer" id="layer-${layer.index + 1}">
  <div class="layer-head">
    <span class="layer-number">${layer.index + 1}</span>
    <code class="command">${layer.command || t.unknownCommand}</code>
  </div>
  <dl>
    <div><dt>${t.size}</dt><dd>${size(layer.size)}</dd></div>
    <div><dt>${t.digest}</dt><dd><code title="${layer.digest}">${shortDigest(layer.digest)}</code></dd></div>
  </dl>
  ${await sharing(ctx, repo, layer)}
  ${list ? html`<div class="files">
    <button type="button" class="files-toggle" aria-expanded="false" aria-controls="files-${layer.index + 1}">${t.files}</button>
    <span class="files-summary">${summaryCounts(ctx, list)} · <a href="${base}/layers/${layer.index + 1}">${t.allFiles(list.length)}</a></span>
    <div id="files-${layer.index + 1}" class="files-body" hidden>
      ${changeList(ctx, list, INLINE_FILES)}
    </div>
  </div>` : html`<p class="notice error">${errors[layer.index]}</p>`}
</li>`);
  }
  sendPage(ctx, `${displayName(repo)}:${tag}`, html`${header}
<section class="image" aria-labelledby="image-title">
  <h2 id="image-title">${displayName(repo)}:${tag}</h2>
  ${image.platforms.length ? html`<nav class="platforms" aria-label="${t.platforms}">${image.platforms.map((p) => html`<a href="?platform=${p.platform}"${p.digest === image.digest ? html` aria-current="true"` : ''}>${p.platform}</a>`)}</nav>` : ''}
  <dl class="image-facts">
    <div><dt>${t.digest}</dt><dd><code>${image.digest}</code></dd></div>
    <div><dt>${t.osArch}</dt><dd>${[image.os, image.architecture].filter(Boolean).join('/') || '—'}</dd></div>
    <div><dt>${t.compressedSize}</dt><dd>${size(image.size)}</dd></div>
    <div><dt>${t.created}</dt><dd>${ago(ctx, image.created)}</dd></div>
    ${image.config?.Cmd ? html`<div><dt>CMD</dt><dd><code>${JSON.stringify(image.config.Cmd)}</code></dd></div>` : ''}
    ${image.config?.Entrypoint ? html`<div><dt>ENTRYPOINT</dt><dd><code>${JSON.stringify(image.config.Entrypoint)}</code></dd></div>` : ''}
  </dl>
  ${copyable(ctx, `docker pull ${displayName(repo)}:${tag}`, t.copyPullCommand)}
</section>
<section aria-labelledby="layers-title">
  <h2 id="layers-title">${t.layerCount(image.layers.length)}</h2>
  <p class="hint">${t.layersIntro}</p>
  <ol class="layers">${layers}</ol>
</section>`);
}

export async function layerPage(ctx: PageContext, name: string, tag: string, number: number): Promise<void> {
  const { t } = ctx;
  const repo = await visibleRepo(ctx, name);
  const { image, changes, errors } = await explore(ctx, repo, tag);
  const layer = image.layers[number - 1];
  if (!layer) throw new HttpError(404, t.noSuchLayer);
  const list = changes[layer.index];
  sendPage(ctx, `${displayName(repo)}:${tag} · ${t.layer} ${number}`, html`
<p><a href="${repoPath(repo)}/tags/${tag}">← ${displayName(repo)}:${tag}</a></p>
<h1>${t.layer} ${number}</h1>
<p><code class="command">${layer.command || t.unknownCommand}</code></p>
<p><code>${layer.digest}</code> · ${size(layer.size)}</p>
${list ? html`<p>${summaryCounts(ctx, list)}</p>${changeList(ctx, list, list.length)}` : html`<p class="notice error">${errors[layer.index]}</p>`}`);
}
