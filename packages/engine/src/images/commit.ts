/**
 * A new image from a parent image and, optionally, the writable layer of an
 * active snapshot (a container's, or one the builder prepared): `docker
 * commit`, and every step of a build.
 *
 *   upper dir ──layerDiff──► layer blob (uncompressed: blob digest = diffId)
 *             ──unpack──► committed snapshot on the parent's chain
 *   parent config + new runtime config + history entry ──► config blob, record
 *
 * Without a snapshot key the image shares the parent's layers and its
 * history entry says `empty_layer` (ENV, CMD ... in a build).
 */
import { InvalidArgumentError, parseNormalizedNamed, type ContainerConfigOfImage, type HistoryEntry, type ImageConfig, type Manifest } from '@quai/common';
import { chainIds } from './chain-id.js';
import type { ImageDeps } from './deps.js';
import type { ImageRecord } from './image-record.js';
import { layerDiff } from './layer-diff.js';
import { hostArchitecture } from './platform.js';
import { storeImage } from './store-image.js';

export interface CommitInput {
  /** Active snapshot whose upper dir becomes the new layer; none = metadata only. */
  snapshotKey?: string;
  /** The image it builds on; none = scratch. */
  parent?: ImageRecord;
  /** The new image's runtime config (Cmd, Env ...), whole. */
  config: ContainerConfigOfImage;
  /** History: what made the step (`/bin/sh -c #(nop)  CMD ["sh"]`). */
  createdBy?: string;
  comment?: string;
  author?: string;
  /** `repo[:tag]` to point at the new image. */
  repoTag?: string;
  /** The container it came from (`docker inspect` .Container). */
  containerId?: string;
  /**
   * Instead of a snapshot: a layer already unpacked on the parent's chain
   * (its diffId), as another local image holds it. `docker build
   * --cache-from` rebuilds a step this way from a pulled image's history.
   */
  layerDiffId?: string;
  /** The history entry, whole, instead of a new one (a --cache-from step keeps the source's). */
  history?: HistoryEntry;
}

export async function commitImage(d: ImageDeps, input: CommitInput): Promise<ImageRecord> {
  if (input.repoTag && parseNormalizedNamed(input.repoTag).digest) throw new InvalidArgumentError('cannot commit to a digest reference');
  await d.index.ready();
  const parent = input.parent;
  if (input.snapshotKey && input.layerDiffId) throw new InvalidArgumentError('commit takes a snapshot or an existing layer, not both');
  const created = input.history?.created ?? new Date().toISOString();
  const diffIds = [...(parent?.config.rootfs.diff_ids ?? [])];
  const layerBlobs = parent ? await parentLayerBlobs(d, parent) : [];
  if (input.snapshotKey) {
    const { digest } = await d.content.write(undefined, layerDiff(d.snapshotter.upperDir(input.snapshotKey)));
    const chain = chainIds([...diffIds, digest]);
    if (!(await d.snapshotter.exists(chain.at(-1)!))) {
      await d.snapshotter.unpack(chain.at(-1)!, chain.at(-2) ?? '', d.content.reader(digest));
    }
    diffIds.push(digest);
    layerBlobs.push(digest);
  } else if (input.layerDiffId) {
    // storeImage names a blob of this layer the store has, and finds its snapshot on the chain.
    diffIds.push(input.layerDiffId);
    layerBlobs.push(input.layerDiffId);
  }
  const history: HistoryEntry = input.history ? structuredClone(input.history) : { created };
  if (!input.history) {
    if (input.author) history.author = input.author;
    if (input.createdBy !== undefined) history.created_by = input.createdBy;
    if (input.comment) history.comment = input.comment;
    if (!input.snapshotKey && !input.layerDiffId) history.empty_layer = true;
  }
  const config: ImageConfig = {
    architecture: parent?.config.architecture ?? hostArchitecture(),
    os: parent?.config.os ?? 'linux',
    ...(parent?.config.variant ? { variant: parent.config.variant } : {}),
    created,
    ...(input.author ? { author: input.author } : {}),
    ...(input.comment ? { comment: input.comment } : {}),
    ...(input.containerId ? { container: input.containerId } : {}),
    config: input.config,
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [...(parent?.config.history ?? []), history],
  };
  const { record } = await storeImage(d, {
    configBytes: Buffer.from(JSON.stringify(config)),
    layerBlobs,
    repoTags: input.repoTag ? [input.repoTag] : [],
  });
  const withParent = { ...record, parent: parent?.id ?? '' };
  await d.index.put(withParent);
  return withParent;
}

/** The parent's layer blobs as its manifest lists them (they may be compressed). */
async function parentLayerBlobs(d: ImageDeps, parent: ImageRecord): Promise<string[]> {
  if (parent.manifestDigest && (await d.content.has(parent.manifestDigest))) {
    const manifest = JSON.parse((await d.content.get(parent.manifestDigest)).toString('utf8')) as Manifest;
    if (manifest.layers?.length === parent.layers.length) return manifest.layers.map((l) => l.digest);
  }
  return parent.layers.map((l) => l.diffId);
}

/** The image-level part of a container's config (what `docker commit` keeps). */
export function imageConfigOf(c: ContainerConfigOfImage & Record<string, unknown>): ContainerConfigOfImage {
  const out: ContainerConfigOfImage = {};
  const keys: Array<keyof ContainerConfigOfImage> = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir',
    'Labels', 'StopSignal', 'Healthcheck', 'OnBuild', 'Shell', 'ArgsEscaped'];
  for (const k of keys) if (c[k] !== undefined && c[k] !== null) (out as Record<string, unknown>)[k] = structuredClone(c[k]);
  return out;
}
