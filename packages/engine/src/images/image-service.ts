/**
 * The engine's image side, one method per Docker verb. Each verb lives in
 * its own file and works on ImageDeps; this class only wires them.
 *
 *   blobs (ContentStore) → snapshots (Snapshotter) → records + tags (ImageIndex)
 */
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ContentStore } from '../content/content-store.js';
import type { EventBus } from '../events/event-bus.js';
import { committedSnapshotDir, type EnginePaths } from '../paths.js';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageDeps } from './deps.js';
import type { Filters } from './filters.js';
import { historyItems, type HistoryItem } from './history.js';
import { ImageIndex } from './image-index.js';
import type { ImageRecord, ImageUsers } from './image-record.js';
import { importImage, type ImportOptions } from './import.js';
import { listImages } from './list.js';
import { loadImages, type LoadResult } from './load.js';
import { pruneImages, type PruneReport } from './prune.js';
import { removeImage, type DeleteItem } from './remove.js';
import { saveImages } from './save.js';
import { tagImage } from './tag.js';

export interface ImageServiceOptions {
  paths: EnginePaths;
  content: ContentStore;
  snapshotter: Snapshotter;
  events: EventBus;
  users: ImageUsers;
}

export interface ListOptions {
  all?: boolean;
  filters?: Filters;
}

export class ImageService {
  private readonly d: ImageDeps;

  constructor(opts: ImageServiceOptions) {
    this.d = { ...opts, index: new ImageIndex(opts.paths) };
  }

  list(opts: ListOptions = {}): Promise<ImageRecord[]> {
    return listImages(this.d, opts);
  }

  /** By name[:tag], name@digest, full or short id; NotFoundError `No such image: ...`. */
  async get(ref: string): Promise<ImageRecord> {
    await this.d.index.ready();
    return this.d.index.resolve(ref);
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

  /** The unpacked layer directories of an image, top first (inspect's GraphDriver data). */
  layerDirs(image: ImageRecord): string[] {
    return image.layers.map((l) => join(committedSnapshotDir(this.d.paths, l.chainId), 'fs')).reverse();
  }
}

export type { DeleteItem, HistoryItem, ImportOptions, LoadResult, PruneReport };
