/**
 * `docker image prune`: dangling images (no reference at all) by default;
 * with `all` (or dangling=false) every image no container uses. Images that
 * cannot go (in use, children) are skipped, as Docker does.
 */
import type { ImageDeps } from './deps.js';
import { DockerFilters } from '@quai/common';
import { matchesCommon, type Filters } from './filters.js';
import { canonicalString, digestHex } from '@quai/common';
import { isSkippable, removeImage, type DeleteItem } from './remove.js';

export interface PruneReport {
  ImagesDeleted: DeleteItem[] | null;
  SpaceReclaimed: number;
}

export async function pruneImages(d: ImageDeps, opts: { all?: boolean; filters?: Filters } = {}): Promise<PruneReport> {
  await d.index.ready();
  const filters = new DockerFilters(opts.filters).check(['dangling', 'label', 'label!', 'until']);
  const danglingOnly = opts.all ? false : (filters.bool('dangling') ?? true);
  const images = d.index.all();
  const layerSizes = new Map(images.flatMap((i) => i.layers.map((l) => [l.chainId, l.size] as const)));
  const hasChildren = new Set(images.map((i) => i.parent).filter(Boolean));
  const candidates = images.filter((i) => (!danglingOnly || !hasChildren.has(i.id)) && matchesCommon(i, filters));
  const deleted: DeleteItem[] = [];
  for (const image of candidates) {
    if (!d.index.byId(image.id)) continue; // went with an earlier one
    const refs = d.index.refs(image.id);
    if (refs.length && danglingOnly) continue;
    const targets = refs.length ? refs.map(canonicalString) : [digestHex(image.id)];
    for (const target of targets) {
      try {
        deleted.push(...(await removeImage(d, target, { force: false, prune: true })));
      } catch (err) {
        if (!isSkippable(err)) throw err;
      }
    }
  }
  let space = 0;
  for (const item of deleted) if (item.Deleted) space += layerSizes.get(item.Deleted) ?? 0;
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
}
