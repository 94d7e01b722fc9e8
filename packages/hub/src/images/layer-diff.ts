/**
 * What each layer does to the image's filesystem, as overlayfs will see it:
 * walking the layers bottom-up, an entry whose path a lower layer already
 * has is a change, a new path is an addition, `.wh.NAME` deletes NAME (and
 * what is under it), and `.wh..wh..opq` in a directory hides everything
 * lower layers put there (the OCI image spec's whiteouts). Directories a
 * layer only repeats (parents of the files it changes) are left out.
 *
 *   diffLayers([[bin, bin/busybox], [bin/.wh.busybox, etc, etc/motd]])
 *     → [[added bin, added bin/busybox], [deleted bin/busybox, added etc, added etc/motd]]
 */
import type { EntryType, LayerEntry } from './layer-files.js';

export type ChangeKind = 'added' | 'changed' | 'deleted' | 'opaque';

export interface LayerChange {
  path: string;
  kind: ChangeKind;
  type: EntryType;
  size: number;
  link?: string;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Removes `path` and everything under it from `seen`. */
function removeTree(seen: Map<string, EntryType>, path: string): void {
  seen.delete(path);
  const prefix = path === '' ? '' : `${path}/`;
  for (const p of [...seen.keys()]) if (p.startsWith(prefix)) seen.delete(p);
}

export function diffLayers(layers: LayerEntry[][]): LayerChange[][] {
  const seen = new Map<string, EntryType>();
  return layers.map((entries) => {
    const changes: LayerChange[] = [];
    // Whiteouts apply to lower layers only: handle them before this layer's own entries.
    for (const e of entries) {
      const base = baseOf(e.path);
      if (base === OPAQUE) {
        const dir = parentOf(e.path);
        const prefix = dir === '' ? '' : `${dir}/`;
        for (const p of [...seen.keys()]) if (p.startsWith(prefix) && p !== dir) seen.delete(p);
        changes.push({ path: dir || '/', kind: 'opaque', type: 'dir', size: 0 });
      } else if (base.startsWith(WHITEOUT)) {
        const target = `${parentOf(e.path) ? `${parentOf(e.path)}/` : ''}${base.slice(WHITEOUT.length)}`;
        changes.push({ path: target, kind: 'deleted', type: seen.get(target) ?? 'other', size: 0 });
        removeTree(seen, target);
      }
    }
    for (const e of entries) {
      if (baseOf(e.path).startsWith(WHITEOUT)) continue;
      const before = seen.get(e.path);
      seen.set(e.path, e.type);
      if (before === 'dir' && e.type === 'dir') continue;
      changes.push({ path: e.path, kind: before === undefined ? 'added' : 'changed', type: e.type, size: e.size, ...(e.link ? { link: e.link } : {}) });
    }
    return changes;
  });
}
