/**
 * `docker history`: one item per config history entry, newest first. Sizes
 * come from the layer each non-empty entry made; only the image itself (and
 * its parents, for built images) has an id, the rest show `<missing>`.
 */
import type { ImageRecord } from './image-record.js';

export interface HistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export function historyItems(image: ImageRecord, lookup: (id: string) => ImageRecord | undefined): HistoryItem[] {
  const items: HistoryItem[] = [];
  let layer = 0;
  for (const h of image.config.history ?? []) {
    let size = 0;
    if (!h.empty_layer) size = image.layers[layer++]?.size ?? 0;
    items.unshift({
      Id: '<missing>',
      Created: h.created ? Math.floor(Date.parse(h.created) / 1000) : 0,
      CreatedBy: h.created_by ?? '',
      Tags: null,
      Size: size,
      Comment: h.comment ?? '',
    });
  }
  let current: ImageRecord | undefined = image;
  for (const item of items) {
    if (!current) break;
    item.Id = current.id;
    item.Tags = current.repoTags.length ? current.repoTags : null;
    current = current.parent ? lookup(current.parent) : undefined;
  }
  return items;
}
