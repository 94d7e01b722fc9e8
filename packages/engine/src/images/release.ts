/**
 * What goes with a deleted image: the snapshots and blobs no remaining
 * image of any namespace needs and no lease holds (a pull in progress).
 * Snapshots are released top-down and stop at the first one still in use
 * (another image, a container sitting on it, a lease).
 */
import { FailedPreconditionError, type Manifest } from '@quai/common';
import type { ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import type { ImageIndex } from './image-index.js';

/** Removes unused snapshots of `image` (already out of the index); returns the chain ids removed. */
export function releaseLayers(d: ImageDeps, image: ImageRecord): Promise<string[]> {
  return d.shared.leases.collect(() => release(d, image));
}

async function release(d: ImageDeps, image: ImageRecord): Promise<string[]> {
  const indexes = await d.shared.indexes();
  const inUse = new Set(indexes.flatMap((index) => index.all().flatMap((i) => i.layers.map((l) => l.chainId))));
  const removed: string[] = [];
  for (const layer of [...image.layers].reverse()) {
    if (inUse.has(layer.chainId) || d.shared.leases.has(layer.chainId)) break;
    try {
      await d.snapshotter.remove(layer.chainId);
    } catch (err) {
      if (err instanceof FailedPreconditionError) break;
      throw err;
    }
    removed.push(layer.chainId);
  }
  await releaseBlobs(d, image, indexes);
  return removed;
}

async function blobsOf(d: ImageDeps, image: ImageRecord): Promise<Set<string>> {
  const out = new Set<string>([image.id, ...image.layers.map((l) => l.diffId)]);
  if (image.manifestDigest) {
    out.add(image.manifestDigest);
    const bytes = await d.content.get(image.manifestDigest).catch(() => undefined);
    if (bytes) for (const l of (JSON.parse(bytes.toString('utf8')) as Manifest).layers ?? []) out.add(l.digest);
  }
  return out;
}

async function releaseBlobs(d: ImageDeps, image: ImageRecord, indexes: ImageIndex[]): Promise<void> {
  const candidates = await blobsOf(d, image);
  for (const other of indexes.flatMap((index) => index.all())) {
    for (const digest of await blobsOf(d, other)) candidates.delete(digest);
  }
  for (const digest of candidates) if (!d.shared.leases.has(digest)) await d.content.delete(digest);
}
