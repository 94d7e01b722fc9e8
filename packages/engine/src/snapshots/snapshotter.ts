/**
 * Layered filesystem snapshots, in containerd's vocabulary:
 *
 *   name   a committed snapshot: read-only, immutable, named by the layer's
 *          chain ID (`sha256:...`); shared by every image and container.
 *   key    an active snapshot: writable, one per container (its id).
 *   parent the committed snapshot an active or committed one sits on
 *          ('' = none).
 *
 * Example, an image with layers L1, L2 and a container C:
 *   await s.unpack(chainId(L1), '', tarOfL1)     → committed L1
 *   await s.unpack(chainId(L1,L2), chainId(L1), tarOfL2)
 *   const mounts = await s.prepare(C.id, chainId(L1,L2))
 *   await mountAll(mounts, rootfs)                → overlay lower=L2:L1, upper=C
 *
 * Drivers return mounts as data and mount nothing themselves.
 */
import type { Readable } from 'node:stream';

/** A mount as data; nothing is mounted until mountAll(mounts, target). */
export interface Mount {
  type: string;
  source: string;
  options: string[];
}

export interface Usage {
  bytes: number;
  inodes: number;
}

export interface Snapshotter {
  /** True when the committed snapshot `name` exists. */
  exists(name: string): Promise<boolean>;
  /**
   * Commit `name` from the (uncompressed) layer tar on top of `parent`,
   * honouring OCI whiteouts. Unpacks into a temp dir and renames, so a crash
   * never leaves a half snapshot under its name. No-op if it exists.
   */
  unpack(name: string, parent: string, layerTar: Readable): Promise<void>;
  /**
   * A new active snapshot `key` on `parent`; returns the mounts for it.
   * `placeIn`: a directory (on another file system: a namespace's own
   * disk) where its writable layer lives instead of the snapshotter's.
   */
  prepare(key: string, parent: string, opts?: { placeIn?: string }): Promise<Mount[]>;
  /** The mounts of an existing active snapshot (e.g. after a daemon restart). */
  mounts(key: string, parent: string): Promise<Mount[]>;
  /** The writable upper directory of an active snapshot (for diff/usage). */
  upperDir(key: string): string;
  /** Remove an active or committed snapshot. */
  remove(keyOrName: string): Promise<void>;
  usage(keyOrName: string): Promise<Usage>;
}
