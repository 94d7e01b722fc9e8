/**
 * Turns blobs already in the content store into a local image: unpack each
 * layer not yet present as a snapshot (verifying its diffId), write the
 * config and a manifest whose blobs are all present, then the record, then
 * the tags. Metadata goes
 * last, so a crash part way leaves only unreferenced blobs and snapshots.
 */
import { createHash } from 'node:crypto';
import { FailedPreconditionError, InvalidArgumentError, parseNormalizedNamed, familiarString, type ImageConfig, type Manifest } from '@quai/common';
import { chain, decompressed, digestVerifier } from '../content/compression.js';
import { checkImageConfig } from './image-config-schema.js';
import { chainIds } from './chain-id.js';
import { limited, type ImageDeps } from './deps.js';
import type { ImageRecord, LayerRecord } from './image-record.js';
import { LayerBlobs, hasAllBlobs } from './layer-blobs.js';
import { ociManifest } from './local-manifest.js';

export interface StoreImageInput {
  configBytes: Buffer;
  /**
   * Layer blobs (compressed or not), bottom first: the ones to name in the
   * manifest. One may be absent when its layer is unpacked already; another
   * blob of the same layer is named then, if the store has one.
   */
  layerBlobs: string[];
  /** The manifest as received; synthesised (OCI) when absent. */
  manifestBytes?: Buffer;
  repoTags?: string[];
  repoDigests?: string[];
  /** The parent image's id (pre-1.10 archives link each image to its parent). */
  parent?: string;
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
  checkImageConfig(config);
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
  const known = new LayerBlobs(d);
  const layers: LayerRecord[] = [];
  const blobs: Array<string | undefined> = [];
  for (let i = 0; i < diffIds.length; i++) {
    const chainId = chains[i]!;
    const blob = await known.find(diffIds[i]!, input.layerBlobs[i]);
    if (!(await d.snapshotter.exists(chainId))) {
      if (!blob) throw new FailedPreconditionError(`layer ${diffIds[i]} is neither unpacked nor in the content store`);
      const tar = chain(await decompressed(d.content.reader(blob)), digestVerifier(diffIds[i]!, `layer ${i + 1}`));
      // A namespace with a disk quota unpacks no more than it has left (a small blob can hold a huge layer).
      await d.snapshotter.unpack(chainId, chains[i - 1] ?? '', await limited(d, tar, 'layer'));
    }
    blobs.push(blob);
    layers.push({ diffId: diffIds[i]!, chainId, size: await layerSize(d, chainId) });
  }
  const { digest: id } = await d.content.write(sha256(input.configBytes), input.configBytes);
  const previous = d.index.byId(id);
  const manifestBytes = await completeManifest(d, [input.manifestBytes, previous?.manifestDigest])
    ?? (blobs.every(Boolean) ? Buffer.from(JSON.stringify(await ociManifest(d, id, input.configBytes.length, blobs as string[]))) : undefined);
  const manifestDigest = manifestBytes ? (await d.content.write(undefined, manifestBytes)).digest : undefined;

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
    parent: input.parent ?? previous?.parent ?? '',
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

/**
 * The first candidate manifest (bytes, or the digest of a stored one) whose
 * blobs are all in the store: an image record never names a manifest with a
 * missing blob (a pull that found a layer "Already exists" under another blob
 * gets one over the blobs it has instead).
 */
async function completeManifest(d: ImageDeps, candidates: Array<Buffer | string | undefined>): Promise<Buffer | undefined> {
  for (const candidate of candidates) {
    const bytes = typeof candidate === 'string' ? await d.content.get(candidate).catch(() => undefined) : candidate;
    if (!bytes) continue;
    let doc: Manifest;
    try { doc = JSON.parse(bytes.toString('utf8')) as Manifest; } catch { continue; }
    if (Array.isArray(doc.layers) && (await hasAllBlobs(d, doc))) return bytes;
  }
  return undefined;
}

/** A layer's own unpacked size; known from another image, or measured once. */
async function layerSize(d: ImageDeps, chainId: string): Promise<number> {
  for (const image of (await d.shared.indexes()).flatMap((index) => index.all())) {
    const known = image.layers.find((l) => l.chainId === chainId);
    if (known) return known.size;
  }
  return (await d.snapshotter.usage(chainId)).bytes;
}

