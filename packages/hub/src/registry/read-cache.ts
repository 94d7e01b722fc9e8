/**
 * What every manifest and blob GET asks the metadata store (a repository's
 * id by name, a tag's digest, a manifest's row, whether the repository may
 * see a blob and its size), kept in each hub node's memory.
 * Several nodes on one PostgreSQL each cache, so the store must tell every
 * change: only with a live ChangeFeed (MetadataStore.changes) is anything
 * kept. A change committed by any node drops the repository's entries as
 * PostgreSQL delivers it; this node's own writes drop them at once
 * (Repos.onChange); while the feed is cut, every read goes to the store.
 * Without a feed (SQLite, which `quai hub` commands may write from another
 * process) nothing is cached.
 *
 * A read that started before a change and ends after it is not kept: a
 * version counter, bumped by every change, must be the same at both ends.
 * Only answers are kept; a miss (unknown tag) is asked again each time.
 */
import { setBounded } from '@quai/common';
import type { ChangeFeed } from '../metadata/metadata-store.js';
import type { ManifestRow, Repos } from '../metadata/repos.js';

/** Repositories with entries; the least recently filled go first. */
const MAX_REPOS = 10_000;
/** Tags, manifests and blobs per repository. */
const MAX_PER_REPO = 1_000;

interface RepoEntry {
  tags: Map<string, string>;
  manifests: Map<string, ManifestRow>;
  /** Blobs the repository may see, by digest: their sizes. */
  blobs: Map<string, number>;
}

export class RegistryReadCache {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly entries = new Map<number, RepoEntry>();
  private version = 0;

  constructor(
    private readonly repos: Repos,
    private readonly feed: ChangeFeed | undefined,
    private readonly sizeOf: (digest: string) => Promise<number | undefined>,
  ) {
    const drop = (repoId: number | undefined): void => (repoId === undefined ? this.clear() : this.forget(repoId));
    feed?.subscribe(drop);
    repos.onChange(drop);
  }

  async repoId(name: string): Promise<number | undefined> {
    return this.read(() => this.ids.get(name), async () => (await this.repos.get(name))?.id,
      (id) => {
        setBounded(this.ids, name, id, MAX_REPOS);
        setBounded(this.names, id, name, MAX_REPOS);
      });
  }

  async tagDigest(repoId: number, tag: string): Promise<string | undefined> {
    return this.read(() => this.entries.get(repoId)?.tags.get(tag), () => this.repos.tagDigest({ id: repoId }, tag),
      (digest) => setBounded(this.entry(repoId).tags, tag, digest, MAX_PER_REPO));
  }

  async manifest(repoId: number, digest: string): Promise<ManifestRow | undefined> {
    return this.read(() => this.entries.get(repoId)?.manifests.get(digest), () => this.repos.manifest({ id: repoId }, digest),
      (row) => setBounded(this.entry(repoId).manifests, digest, row, MAX_PER_REPO));
  }

  /** The size of blob `digest` when the repository may see it (pushed or mounted there). */
  async blobSize(repoId: number, digest: string): Promise<number | undefined> {
    return this.read(() => this.entries.get(repoId)?.blobs.get(digest),
      async () => ((await this.repos.hasBlob({ id: repoId }, digest)) ? this.sizeOf(digest) : undefined),
      (size) => setBounded(this.entry(repoId).blobs, digest, size, MAX_PER_REPO));
  }

  private async read<T>(cached: () => T | undefined, load: () => Promise<T | undefined>, keep: (value: T) => void): Promise<T | undefined> {
    if (!this.feed?.live) return load();
    const hit = cached();
    if (hit !== undefined) return hit;
    const version = this.version;
    const value = await load();
    if (value !== undefined && version === this.version && this.feed.live) keep(value);
    return value;
  }

  private entry(repoId: number): RepoEntry {
    let entry = this.entries.get(repoId);
    if (!entry) {
      entry = { tags: new Map(), manifests: new Map(), blobs: new Map() };
      setBounded(this.entries, repoId, entry, MAX_REPOS);
    }
    return entry;
  }

  private forget(repoId: number): void {
    this.version++;
    this.entries.delete(repoId);
    const name = this.names.get(repoId);
    this.names.delete(repoId);
    if (name !== undefined && this.ids.get(name) === repoId) this.ids.delete(name);
  }

  private clear(): void {
    this.version++;
    this.entries.clear();
    this.ids.clear();
    this.names.clear();
  }
}
