/** Small view helpers shared by the pages: names, dates, sizes, badges. */
import { humanSize } from '@quai/common';
import type { Repo } from '../metadata/repos.js';
import type { PageContext } from './context.js';
import { html, type Html } from './html.js';

/** `nginx` for official images, `alice/app` otherwise: what `docker pull` takes. */
export function displayName(repo: Pick<Repo, 'name' | 'namespace'>): string {
  return repo.namespace === 'library' ? repo.name.replace(/^library\//, '') : repo.name;
}

/** Docker Hub's URLs: `/_/nginx` for official images, `/r/alice/app` otherwise. */
export function repoPath(repo: Pick<Repo, 'name' | 'namespace'>): string {
  return repo.namespace === 'library' ? `/_/${displayName(repo)}` : `/r/${repo.name}`;
}

export function size(bytes: number): string {
  return humanSize(bytes);
}

export function ago(ctx: PageContext, iso: string | null | undefined): Html {
  if (!iso) return html`${ctx.t.never}`;
  const then = Date.parse(iso);
  const seconds = Math.round((then - Date.now()) / 1000);
  const fmt = new Intl.RelativeTimeFormat(ctx.lang, { numeric: 'auto' });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
  let text = fmt.format(0, 'second');
  for (const [unit, s] of steps) {
    if (Math.abs(seconds) >= s) { text = fmt.format(Math.round(seconds / s), unit); break; }
  }
  if (text === fmt.format(0, 'second') && Math.abs(seconds) >= 1) text = fmt.format(seconds, 'second');
  return html`<time datetime="${iso}">${text}</time>`;
}

export function count(ctx: PageContext, n: number): string {
  return new Intl.NumberFormat(ctx.lang, { notation: n >= 10_000 ? 'compact' : 'standard' }).format(n);
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** A command with a copy button (hub.js); the text stays selectable without JavaScript. */
export function copyable(ctx: PageContext, command: string, label?: string): Html {
  return html`<div class="copy-box"><code>${command}</code><button type="button" class="copy" data-copy="${command}"${label ? html` aria-label="${label}"` : ''}>${ctx.t.copy}</button></div>`;
}

export function officialBadge(ctx: PageContext, repo: Pick<Repo, 'namespace'>): Html {
  return repo.namespace === 'library' ? html`<span class="badge official">${ctx.t.officialImage}</span>` : html``;
}

export function privateBadge(ctx: PageContext, repo: Pick<Repo, 'private'>): Html {
  return repo.private ? html`<span class="badge private">${ctx.t.private}</span>` : html``;
}
