/**
 * The image metadata: records by id (images/images.json) and tags
 * (images/tags.json, canonical reference → id). Both files are rewritten
 * whole by rename, one write at a time. A tag is only written after its
 * image, and dropped before it, so after kill -9 every tag names an image;
 * an image whose tag write was lost is merely dangling.
 */
import { join } from 'node:path';
import {
  NotFoundError, canonicalString, digestHex, familiarString, isDigest, isFullId, parseNormalizedNamed,
  parseReference, repositoryName, type Reference,
} from '@quai/common';
import { imagesDir, type EnginePaths } from '../paths.js';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import { diskReserve, isNoSpace } from '../store/disk-reserve.js';
import type { ImageRecord } from './image-record.js';

type StoredImage = Omit<ImageRecord, 'repoTags'>;

export class ImageIndex {
  private readonly images = new Map<string, StoredImage>();
  private readonly tags = new Map<string, string>();
  private loaded?: Promise<void>;
  private writes: Promise<void> = Promise.resolve();
  /** Files whose last rewrite the full disk refused (removals only). */
  private readonly stale = new Set<'images' | 'tags'>();

  constructor(private readonly paths: EnginePaths) {}

  private file(name: string): string { return join(imagesDir(this.paths), name); }

  /** Reads both files once; every public method awaits it. */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      const images = (await readJson<Record<string, StoredImage>>(this.file('images.json'))) ?? {};
      for (const [id, rec] of Object.entries(images)) this.images.set(id, rec);
      const tags = (await readJson<Record<string, string>>(this.file('tags.json'))) ?? {};
      for (const [ref, id] of Object.entries(tags)) if (this.images.has(id)) this.tags.set(ref, id);
    })();
    return this.loaded;
  }

  /**
   * Rewrite one file. A removal on a full disk (even past the reserve)
   * stays in memory, the file one change behind, and is written by the next
   * persist or flush() (rmi calls it once the layers are gone); additions
   * fail as the disk says.
   */
  private persist(which: 'images' | 'tags', o: { removal?: boolean } = {}): Promise<void> {
    const write = async () => {
      for (const file of new Set([which, ...this.stale])) {
        const value = file === 'images' ? Object.fromEntries(this.images) : Object.fromEntries(this.tags);
        try {
          await writeJsonAtomic(this.file(`${file}.json`), value, { reserve: diskReserve(this.paths) });
          this.stale.delete(file);
        } catch (err) {
          if (file === which && !(o.removal && isNoSpace(err))) throw err;
          this.stale.add(file);
        }
      }
    };
    this.writes = this.writes.then(write, write);
    return this.writes;
  }

  /** Write what a full disk held back (see persist). */
  async flush(): Promise<void> {
    for (const file of [...this.stale]) await this.persist(file).catch(() => {});
  }

  all(): ImageRecord[] {
    return [...this.images.values()].map((r) => this.withTags(r));
  }

  byId(id: string): ImageRecord | undefined {
    const rec = this.images.get(id);
    return rec && this.withTags(rec);
  }

  private withTags(rec: StoredImage): ImageRecord {
    return { ...rec, repoDigests: [...rec.repoDigests], repoTags: this.tagRefs(rec.id).map(familiarString).sort() };
  }

  /** Tag references (not digests) pointing at `id`. */
  tagRefs(id: string): Reference[] {
    const out: Reference[] = [];
    for (const [ref, target] of this.tags) if (target === id) out.push(parseReference(ref));
    return out;
  }

  /** Tags and digest references of `id`, as Docker's reference store lists them. */
  refs(id: string): Reference[] {
    const rec = this.images.get(id);
    return [...this.tagRefs(id), ...(rec?.repoDigests ?? []).map((d) => parseNormalizedNamed(d))];
  }

  /** Records an image (or replaces it); its tags are untouched. */
  async put(record: ImageRecord): Promise<void> {
    const { repoTags: _ignored, ...stored } = record;
    this.images.set(record.id, stored);
    await this.persist('images');
  }

  /** Points `ref` at `id`; returns the id it pointed at before, if another. */
  async setTag(ref: Reference, id: string, touch = false): Promise<string | undefined> {
    const key = canonicalString(ref);
    const before = this.tags.get(key);
    this.tags.set(key, id);
    if (touch) {
      const rec = this.images.get(id);
      if (rec) rec.lastTagTime = new Date().toISOString();
      await this.persist('images');
    }
    await this.persist('tags');
    return before !== id ? before : undefined;
  }

  /** Removes a tag or digest reference; false when it did not point anywhere. */
  async removeRef(ref: Reference): Promise<boolean> {
    if (ref.digest) {
      for (const rec of this.images.values()) {
        const kept = rec.repoDigests.filter((d) => !sameDigestRef(parseNormalizedNamed(d), ref));
        if (kept.length !== rec.repoDigests.length) {
          rec.repoDigests = kept;
          await this.persist('images', { removal: true });
          return true;
        }
      }
      return false;
    }
    if (!this.tags.delete(canonicalString(ref))) return false;
    await this.persist('tags', { removal: true });
    return true;
  }

  /** Drops an image and every reference to it (tags first, see top). */
  async delete(id: string): Promise<void> {
    let tagged = false;
    for (const [ref, target] of this.tags) if (target === id) { this.tags.delete(ref); tagged = true; }
    if (tagged) await this.persist('tags', { removal: true });
    if (this.images.delete(id)) await this.persist('images', { removal: true });
  }

  /**
   * The image `ref` names, by Docker's rules: a full id (with or without
   * `sha256:`), then a tag or digest reference, then an unambiguous id prefix.
   */
  resolve(ref: string): ImageRecord {
    const hex = digestHex(ref);
    if (isFullId(ref) || isDigest(ref)) return this.byId(`sha256:${hex}`) ?? notFound(ref);
    let named: Reference | undefined;
    try { named = parseNormalizedNamed(ref); } catch { named = undefined; }
    if (named?.digest) {
      for (const rec of this.images.values()) {
        if (rec.repoDigests.some((d) => sameDigestRef(parseNormalizedNamed(d), named!))) return this.withTags(rec);
      }
    } else if (named) {
      const id = this.tags.get(canonicalString(named));
      if (id && this.images.has(id)) return this.byId(id)!;
    }
    if (/^[a-f0-9]{1,63}$/.test(hex)) {
      const hits = [...this.images.keys()].filter((id) => digestHex(id).startsWith(hex));
      if (hits.length === 1) return this.byId(hits[0]!)!;
    }
    return notFound(ref, named);
  }
}

function sameDigestRef(a: Reference, b: Reference): boolean {
  return a.digest === b.digest && repositoryName(a) === repositoryName(b);
}

/** Docker names a missing tag with its `:latest` filled in (`No such image: nosuch:latest`). */
function notFound(ref: string, named?: Reference): never {
  throw new NotFoundError(`No such image: ${named ? familiarString(named) : ref}`);
}
