/**
 * The manifest of a local image, to push or to save: the image's own when
 * the store has every blob it names (so its digest stays the registry's),
 * else an OCI manifest over the blobs of its layers the store has
 * (layer-blobs.ts), kept in the store beside them.
 */
import { FailedPreconditionError, MEDIA_TYPES, type Manifest } from '@quai/common';
import { fileCompression } from '../content/compression.js';
import type { ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import { LayerBlobs, hasAllBlobs } from './layer-blobs.js';

export async function localManifest(d: ImageDeps, record: ImageRecord): Promise<{ bytes: Buffer; doc: Manifest }> {
  if (record.manifestDigest && (await d.content.has(record.manifestDigest))) {
    const bytes = await d.content.get(record.manifestDigest);
    const doc = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (doc.config && (await hasAllBlobs(d, doc))) return { bytes, doc };
  }
  const known = new LayerBlobs(d);
  const blobs: string[] = [];
  for (const layer of record.layers) {
    const blob = await known.find(layer.diffId);
    if (!blob) throw new FailedPreconditionError(`layer ${layer.diffId} of image ${record.id} is not in the content store`);
    blobs.push(blob);
  }
  const doc = await ociManifest(d, record.id, (await d.content.info(record.id)).size, blobs);
  const bytes = Buffer.from(JSON.stringify(doc));
  await d.content.write(undefined, bytes);
  return { bytes, doc };
}

/** An OCI manifest over blobs in the store (the layer media type says how each is compressed). */
export async function ociManifest(d: ImageDeps, configDigest: string, configSize: number, layerBlobs: string[]): Promise<Manifest> {
  const layers = [];
  for (const digest of layerBlobs) {
    const compression = await fileCompression(d.content.path(digest));
    const { size } = await d.content.info(digest);
    layers.push({ mediaType: compression === 'gzip' ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.ociLayer, digest, size });
  }
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: configSize },
    layers,
  };
}
