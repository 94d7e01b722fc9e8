/**
 * `docker build --cache-from IMAGE`, as Docker's legacy builder does it
 * (moby daemon/internal/image/cache): the named images' own history stands
 * in for the steps of this build, so an image pulled from a registry (which
 * brings no build cache) still saves rebuilding the steps it was made of.
 *
 * For a step on parent P, a source S matches when P's history and layers
 * are the start of S's, and S's next history entry was made by the same
 * step (`created_by`). The step's image is then S itself when that entry is
 * S's last, else a new image of P plus that entry (and its layer, already
 * unpacked for S). Once a source matched, only it is followed. A hit in the
 * local build cache counts only when it is one of the sources or their
 * ancestors: with --cache-from, only those images are trusted as cache.
 */
import type { ContainerConfigOfImage, HistoryEntry } from '@quai/common';
import type { EngineScope, ImageRecord } from '@quai/engine';

export class CacheFrom {
  private constructor(private readonly engine: EngineScope, private sources: ImageRecord[]) {}

  /** The named images; names that are not local images are skipped (Docker warns and goes on). */
  static async open(engine: EngineScope, refs: string[]): Promise<CacheFrom> {
    const sources: ImageRecord[] = [];
    for (const ref of refs) {
      const image = await engine.images.get(ref).catch(() => undefined);
      if (image && !sources.some((s) => s.id === image.id)) sources.push(image);
    }
    return new CacheFrom(engine, sources);
  }

  /** The image for the step `createdBy` on `parent`; `localHit` is what the local build cache offered. */
  async find(parent: ImageRecord | undefined, createdBy: string, config: ContainerConfigOfImage, localHit?: ImageRecord): Promise<ImageRecord | undefined> {
    if (localHit && (await this.isAncestorOfSource(localHit.id))) return localHit;
    const parentHistory = parent?.config.history ?? [];
    for (const source of this.sources) {
      const history = source.config.history ?? [];
      if (!startsWith(source, parent) || history[parentHistory.length]?.created_by !== createdBy) continue;
      if (history.length - 1 === parentHistory.length) {
        if (parent) await this.engine.images.setParent(source.id, parent.id); // the restored steps stay hidden parents
        return source;
      }
      const entry = history[parentHistory.length]!;
      const layerDiffId = entry.empty_layer ? undefined : layerAt(source, parentHistory.length);
      const image = await this.engine.images.commit({ parent, config, createdBy, history: entry, layerDiffId });
      this.sources = [source]; // as Docker: no jumping to another source mid-build
      return image;
    }
    return undefined;
  }

  private async isAncestorOfSource(id: string): Promise<boolean> {
    for (const source of this.sources) {
      let current: ImageRecord | undefined = source;
      for (let depth = 0; current && depth < 1000; depth++) {
        if (current.id === id) return true;
        current = current.parent ? await this.engine.images.get(current.parent).catch(() => undefined) : undefined;
      }
    }
    return false;
  }
}

/** `parent`'s history and layers begin `image`'s, with at least one entry to spare. */
function startsWith(image: ImageRecord, parent: ImageRecord | undefined): boolean {
  const history = image.config.history ?? [];
  if (history.length === 0) return false;
  const parentHistory = parent?.config.history ?? [];
  const parentLayers = parent?.config.rootfs.diff_ids ?? [];
  if (parentHistory.length === 0 && parentLayers.length === 0) return true;
  if (parentHistory.length >= history.length || parentLayers.length > image.config.rootfs.diff_ids.length) return false;
  return parentHistory.every((h, i) => sameEntry(h, history[i]!)) && parentLayers.every((d, i) => d === image.config.rootfs.diff_ids[i]);
}

function sameEntry(a: HistoryEntry, b: HistoryEntry): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}

/** The diffId of the layer the history entry at `index` added. */
function layerAt(image: ImageRecord, index: number): string | undefined {
  const history = image.config.history ?? [];
  const layersBefore = history.slice(0, index).filter((h) => !h.empty_layer).length;
  return image.config.rootfs.diff_ids[layersBefore];
}
