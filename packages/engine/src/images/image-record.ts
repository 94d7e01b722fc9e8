/**
 * What the engine knows of one local image. `id` is the digest of its
 * config blob (as Docker's image id); layers are listed bottom first, each
 * with the chain ID that names its committed snapshot.
 */
import type { ImageConfig } from '@quai/common';

export interface LayerRecord {
  /** sha256 of the uncompressed layer tar (the config's rootfs.diff_ids). */
  diffId: string;
  /** chainId(L1..Ln): the committed snapshot this layer and those below form. */
  chainId: string;
  /** Bytes of the unpacked layer content (for `docker images` SIZE). */
  size: number;
}

export interface ImageRecord {
  /** `sha256:<hex>` of the config blob. */
  id: string;
  config: ImageConfig;
  layers: LayerRecord[];
  /** Chain ID of the top layer: the parent of a container's snapshot ('' for no layers). */
  topChainId: string;
  /** Familiar references pointing at it: `busybox:latest`. */
  repoTags: string[];
  /** `busybox@sha256:...` manifest digests (from a registry or a load). */
  repoDigests: string[];
  /** Digest of the manifest the image came from, when known. */
  manifestDigest?: string;
  /** Total unpacked size in bytes. */
  size: number;
  /** Config `created`, or the time of import. */
  created: string;
  /** Parent image id (builder/commit), '' when none. */
  parent: string;
  /** When `docker tag` last pointed a tag at it (inspect's Metadata.LastTagTime). */
  lastTagTime?: string;
}

/** What the image side needs to know of containers (to refuse removing used images). */
export interface ImageUsers {
  /** Ids of containers created from the image `imageId`, with whether they run. */
  containersUsing(imageId: string): Array<{ id: string; running: boolean }>;
}
