/** What every image operation works with; ImageService hands it to each verb. */
import type { ContentStore } from '../content/content-store.js';
import type { Leases } from '../content/leases.js';
import type { Events } from '../events/event-bus.js';
import type { EnginePaths } from '../paths.js';
import type { QuotaGuard } from '../namespaces/quota.js';
import type { Readable } from 'node:stream';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageIndex } from './image-index.js';
import type { ImageUsers } from './image-record.js';

/**
 * Content and snapshots are shared by every namespace: what one namespace
 * may delete depends on every namespace's images and on the leases of
 * operations in progress.
 */
export interface SharedContent {
  /** The image index of every namespace (this one's included). */
  indexes(): Promise<ImageIndex[]>;
  leases: Leases;
}

export interface ImageDeps {
  paths: EnginePaths;
  content: ContentStore;
  snapshotter: Snapshotter;
  events: Events;
  users: ImageUsers;
  /** This namespace's records and tags. */
  index: ImageIndex;
  shared: SharedContent;
  quota?: QuotaGuard;
}

/** An upload, cut off with "quota exceeded" past what the namespace may still write (as it unpacks). */
export function limited(d: ImageDeps, input: Readable, what: string): Promise<Readable> | Readable {
  return d.quota ? d.quota.limit(input, what) : input;
}
