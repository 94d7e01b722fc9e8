/**
 * Turns blobs already in the content store into a local image: unpack each
 * layer not yet present as a snapshot (verifying its diffId), write the
 * config and manifest blobs, then the record, then the tags. Metadata goes
 * last, so a crash part way leaves only unreferenced blobs and snapshots.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError, MEDIA_TYPES, parseNormalizedNamed, familiarString, type ImageConfig, type Manifest } from '@quai/common';
import { chain, decompressed, digestVerifier, fileCompression } from '../content/compression.js';
import { chainIds } from './chain-id.js';
import type { ImageDeps } from './deps.js';
import type { ImageRecord, LayerRecord } from './image-record.js';

export interface StoreImageInput {
  configBytes: Buffer;
  /** Layer blobs (compressed or not) in the content store, bottom first. */
  layerBlobs: string[];
  /** The manifest as received; synthesised (OCI) when absent. */
  manifestBytes?: Buffer;
  repoTags?: string[];
  repoDigests?: string[];
}

export interface StoredImage {
  record: ImageRecord;
  /** Tags that moved here from another image: [tag, old id]. */
  retagged: Array<[string, string]>;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function parseConfig(bytes: Buffer): ImageConfig {
  let config: ImageConfig;
  try {
    config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
  } catch {
    throw new InvalidArgumentError('invalid image config: not JSON');
  }
  if (!config || !Array.isArray(config.rootfs?.diff_ids)) throw new InvalidArgumentError('invalid image config: no rootfs.diff_ids');
  return config;
}

export async function storeImage(d: ImageDeps, input: StoreImageInput): Promise<StoredImage> {
  await d.index.ready();
  const config = parseConfig(input.configBytes);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== input.layerBlobs.length) {
    throw new InvalidArgumentError(`image config lists ${diffIds.length} layers, the manifest ${input.layerBlobs.length}`);
  }
  const chains = chainIds(diffIds);
  const layers: LayerRecord[] = [];
  for (let i = 0; i < diffIds.length; i++) {
    const chainId = chains[i]!;
    if (!(await d.snapshotter.exists(chainId))) {
      const tar = chain(await decompressed(d.content.reader(input.layerBlobs[i]!)), digestVerifier(diffIds[i]!, `layer ${i + 1}`));
      await d.snapshotter.unpack(chainId, chains[i - 1] ?? '', tar);
    }
    layers.push({ diffId: diffIds[i]!, chainId, size: await layerSize(d, chainId) });
  }
  const { digest: id } = await d.content.write(sha256(input.configBytes), input.configBytes);
  const manifestBytes = input.manifestBytes ?? Buffer.from(JSON.stringify(await ociManifest(d, id, input.configBytes.length, input.layerBlobs)));
  const { digest: manifestDigest } = await d.content.write(undefined, manifestBytes);

  const previous = d.index.byId(id);
  const record: ImageRecord = {
    id,
    config,
    layers,
    topChainId: chains.at(-1) ?? '',
    repoTags: [],
    repoDigests: [...new Set([...(previous?.repoDigests ?? []), ...(input.repoDigests ?? [])])],
    manifestDigest,
    size: layers.reduce((n, l) => n + l.size, 0),
    created: config.created ?? new Date().toISOString(),
    parent: previous?.parent ?? '',
    lastTagTime: previous?.lastTagTime,
  };
  await d.index.put(record);
  const retagged: Array<[string, string]> = [];
  for (const tag of input.repoTags ?? []) {
    const ref = parseNormalizedNamed(tag);
    const before = await d.index.setTag(ref, id);
    if (before) retagged.push([familiarString(ref), before]);
  }
  return { record: d.index.byId(id)!, retagged };
}

/** A layer's own unpacked size; known from another image, or measured once. */
async function layerSize(d: ImageDeps, chainId: string): Promise<number> {
  for (const image of (await d.shared.indexes()).flatMap((index) => index.all())) {
    const known = image.layers.find((l) => l.chainId === chainId);
    if (known) return known.size;
  }
  return (await d.snapshotter.usage(chainId)).bytes;
}

/** The OCI manifest for an image that arrived without one (import, legacy archives). */
async function ociManifest(d: ImageDeps, configDigest: string, configSize: number, layerBlobs: string[]): Promise<Manifest> {
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
