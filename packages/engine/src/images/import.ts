/**
 * `docker import`: a root filesystem tarball (gzip or not) becomes a
 * one-layer image, its config built from `--change` instructions. The
 * layer is stored uncompressed, so its blob digest is its diffId.
 */
import type { Readable } from 'node:stream';
import { InvalidArgumentError, parseNormalizedNamed, type ImageConfig } from '@quai/common';
import { decompressed } from '../content/compression.js';
import { applyChanges } from './changes.js';
import { limited, type ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import { hostArchitecture } from './platform.js';
import { storeImage } from './store-image.js';

export interface ImportOptions {
  /** `repo[:tag]` to tag the new image with. */
  repoTag?: string;
  changes?: string[];
  message?: string;
  /** What the tarball came from, for the default message (`-` = request body). */
  source?: string;
}

export async function importImage(d: ImageDeps, tarball: Readable, opts: ImportOptions = {}): Promise<ImageRecord> {
  if (opts.repoTag && parseNormalizedNamed(opts.repoTag).digest) {
    throw new InvalidArgumentError('cannot import digest reference');
  }
  const runtimeConfig = applyChanges({}, opts.changes ?? []);
  await d.quota?.checkDisk();
  const layer = await d.content.write(undefined, await limited(d, await decompressed(tarball), 'tarball'));
  const created = new Date().toISOString();
  const message = opts.message || `Imported from ${opts.source ?? '-'}`;
  const config: ImageConfig = {
    architecture: hostArchitecture(),
    os: 'linux',
    created,
    config: runtimeConfig,
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created, comment: message }],
    comment: message,
  };
  const { record } = await storeImage(d, {
    configBytes: Buffer.from(JSON.stringify(config)),
    layerBlobs: [layer.digest],
    repoTags: opts.repoTag ? [opts.repoTag] : [],
  });
  d.events.publish('image', 'import', record.id, { name: record.id });
  return record;
}
