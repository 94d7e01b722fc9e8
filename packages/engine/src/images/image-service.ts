/**
 * The engine's image side, one method per Docker verb. Each verb lives in
 * its own file and works on ImageDeps; this class only wires them.
 *
 *   blobs (ContentStore) → snapshots (Snapshotter) → records + tags (ImageIndex)
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ContentStore } from '../content/content-store.js';
import type { Events } from '../events/event-bus.js';
import { buildLayerMountPath, committedSnapshotDir, type EnginePaths } from '../paths.js';
import { mountAll, unmount } from '../host/mount.js';
import { commitImage, imageConfigOf, type CommitInput } from './commit.js';
import { applyChanges } from './changes.js';
import type { ContainerConfigOfImage } from '@quai/common';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageDeps, SharedContent } from './deps.js';
import { Leases } from '../content/leases.js';
import type { QuotaGuard } from '../namespaces/quota.js';
import type { Filters } from './filters.js';
import { historyItems, type HistoryItem } from './history.js';
import { ImageIndex } from './image-index.js';
import type { ImageRecord, ImageUsers } from './image-record.js';
import { importImage, type ImportOptions } from './import.js';
import { listImages } from './list.js';
import { loadImages, type LoadResult } from './load.js';
import { pruneImages, type PruneReport } from './prune.js';
import { pullImage, type PullOptions } from './pull.js';
import { pushImage, type PushOptions } from './push.js';
import type { RegistryOptions } from '../registry/endpoint.js';
import { removeImage, type DeleteItem } from './remove.js';
import { saveImages } from './save.js';
import { tagImage } from './tag.js';
import { releaseLayers } from './release.js';

export interface ImageServiceOptions {
  paths: EnginePaths;
  content: ContentStore;
  snapshotter: Snapshotter;
  events: Events;
  users: ImageUsers;
  /** Mirrors and insecure registries for pull/push. */
  registry?: RegistryOptions;
  /** This namespace's records and tags (default: the index under `paths`). */
  index?: ImageIndex;
  /** Every namespace's indexes and the leases (default: this index alone). */
  shared?: SharedContent;
  quota?: QuotaGuard;
}

export interface ListOptions {
  all?: boolean;
  filters?: Filters;
}

export interface ContainerCommitOptions {
  repoTag?: string;
  comment?: string;
  author?: string;
  changes?: string[];
  overrides?: ContainerConfigOfImage;
}

export class ImageService {
  private readonly d: ImageDeps;
  private readonly registry: RegistryOptions;

  constructor(opts: ImageServiceOptions) {
    const index = opts.index ?? new ImageIndex(opts.paths);
    this.d = { ...opts, index, shared: opts.shared ?? { indexes: async () => [index], leases: new Leases() } };
    this.registry = opts.registry ?? {};
  }

  pull(opts: Omit<PullOptions, 'registry'>): Promise<ImageRecord> {
    return pullImage(this.d, { ...opts, registry: this.registry });
  }

  push(opts: Omit<PushOptions, 'registry'>): Promise<void> {
    return pushImage(this.d, { ...opts, registry: this.registry });
  }

  get registryOptions(): RegistryOptions {
    return this.registry;
  }

  list(opts: ListOptions = {}): Promise<ImageRecord[]> {
    return listImages(this.d, opts);
  }

  /** By name[:tag], name@digest, full or short id; NotFoundError `No such image: ...`. */
  async get(ref: string): Promise<ImageRecord> {
    await this.d.index.ready();
    return this.d.index.resolve(ref);
  }

  /** Links an image to the one it was built on (a `--cache-from` step that is a whole loaded image, as dockerd's SetParent). */
  async setParent(id: string, parentId: string): Promise<void> {
    await this.d.index.ready();
    const image = this.d.index.byId(id);
    if (image && this.d.index.byId(parentId) && image.parent !== parentId) await this.d.index.put({ ...image, parent: parentId });
  }

  tag(ref: string, newRef: string): Promise<void> {
    return tagImage(this.d, ref, newRef);
  }

  remove(ref: string, opts: { force?: boolean; noprune?: boolean } = {}): Promise<DeleteItem[]> {
    return removeImage(this.d, ref, { force: opts.force, prune: !opts.noprune });
  }

  prune(opts: ListOptions = {}): Promise<PruneReport> {
    return pruneImages(this.d, opts);
  }

  async history(ref: string): Promise<HistoryItem[]> {
    const image = await this.get(ref);
    return historyItems(image, (id) => this.d.index.byId(id));
  }

  import(tarball: Readable, opts: ImportOptions = {}): Promise<ImageRecord> {
    return importImage(this.d, tarball, opts);
  }

  save(refs: string[]): Promise<Readable> {
    return saveImages(this.d, refs);
  }

  load(archive: Readable, onProgress?: (message: string) => void): Promise<LoadResult> {
    return loadImages(this.d, archive, onProgress);
  }

  /** A new image from a parent and (optionally) an active snapshot's changes: commit, build steps. */
  async commit(input: CommitInput): Promise<ImageRecord> {
    await this.d.quota?.checkDisk();
    const record = await commitImage(this.d, input);
    if (input.containerId || input.repoTag) this.d.events.publish('image', 'commit', record.id, { name: input.repoTag ?? record.id });
    return record;
  }

  /** `docker commit`: the container's config (+ overrides, + `--change`s) over its image. */
  async commitContainer(c: { id: string; imageId: string; config: object }, opts: ContainerCommitOptions = {}): Promise<ImageRecord> {
    const parent = await this.get(c.imageId);
    const base = imageConfigOf(c.config as ContainerConfigOfImage & Record<string, unknown>);
    for (const [k, v] of Object.entries(opts.overrides ?? {})) {
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) (base as Record<string, unknown>)[k] = v;
    }
    return this.commit({
      snapshotKey: c.id, parent, config: applyChanges(base, opts.changes ?? []),
      comment: opts.comment, author: opts.author, repoTag: opts.repoTag, containerId: c.id,
    });
  }

  /**
   * A writable layer on `parent`, mounted at a directory of its own (the
   * builder writes COPY/ADD files into it); commit it with `commit({ snapshotKey: key })`
   * after `releaseLayer(key)`, which unmounts it and, with `discard`, removes it.
   */
  async mountLayer(parent?: ImageRecord): Promise<{ key: string; rootfs: string }> {
    const key = `build-${randomBytes(12).toString('hex')}`;
    const rootfs = buildLayerMountPath(this.d.paths, key);
    await mountAll(await this.d.snapshotter.prepare(key, parent?.topChainId ?? ''), rootfs);
    return { key, rootfs };
  }

  /** Namespace removal: every record and tag goes, then the layers and blobs no other namespace holds. */
  async removeAll(): Promise<void> {
    await this.d.index.ready();
    const all = this.d.index.all();
    for (const image of all) await this.d.index.delete(image.id);
    for (const image of all) await releaseLayers(this.d, image);
  }

  /** This namespace's image index (namespace removal, disk usage). */
  get index(): ImageIndex { return this.d.index; }

  async releaseLayer(key: string, opts: { discard?: boolean } = {}): Promise<void> {
    await unmount(buildLayerMountPath(this.d.paths, key));
    if (opts.discard) await this.d.snapshotter.remove(key);
  }

  /** The unpacked layer directories of an image, top first (inspect's GraphDriver data). */
  layerDirs(image: ImageRecord): string[] {
    return image.layers.map((l) => join(committedSnapshotDir(this.d.paths, l.chainId), 'fs')).reverse();
  }
}

export type { CommitInput, DeleteItem, HistoryItem, ImportOptions, LoadResult, PruneReport };
