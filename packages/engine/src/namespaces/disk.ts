/**
 * A namespace's own disk, when its quota bounds disk: an ext4 file system
 * of exactly that size on a loop device, so the kernel bounds what its
 * containers write. Its containers' writable layers and its volumes live
 * on it; a full disk is ENOSPC inside the container, "quota exceeded" at
 * the API, and never touches the engine's own files.
 *
 *   <dataRoot>/namespaces/<ns>/disk.img        the file system image (sparse)
 *   <dataRoot>/namespaces/<ns>/disk/           where it is mounted (nodev, nosuid)
 *   ├── active/<container id>/{upper,work}     writable layers (snapshots/active/<id> links here)
 *   └── volumes/<name>/_data                   volumes
 *
 * The image is made under a temporary name and renamed once mkfs is done,
 * so a crash never leaves a half-made file system under the real name.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../host/run.js';
import { isMounted, unmount } from '../host/mount.js';

export interface NamespaceDisk {
  image: string;
  dir: string;
}

export function namespaceDisk(namespaceRoot: string): NamespaceDisk {
  return { image: join(namespaceRoot, 'disk.img'), dir: join(namespaceRoot, 'disk') };
}

/** Make the file system if there is none yet, and mount it (no-op when mounted). */
export async function openDisk(disk: NamespaceDisk, bytes: number): Promise<void> {
  if (await isMounted(disk.dir)) return;
  if (!existsSync(disk.image)) {
    const tmp = `${disk.image}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    await file.truncate(bytes).finally(() => file.close());
    await run('/usr/sbin/mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'lazy_itable_init=1,lazy_journal_init=1', tmp]);
    await rename(tmp, disk.image);
  }
  await mkdir(disk.dir, { recursive: true });
  await run('/bin/mount', ['-o', 'loop,nodev,nosuid', disk.image, disk.dir]);
}

export async function closeDisk(disk: NamespaceDisk): Promise<void> {
  await unmount(disk.dir).catch(() => {});
  await rm(disk.image, { force: true });
  await rm(`${disk.image}.tmp`, { force: true });
}

/** Bytes the file system can no longer give (its own overhead included), so a full disk reads as full. */
export async function diskTaken(disk: NamespaceDisk, bytes: number): Promise<number> {
  const s = await statfs(disk.dir);
  return Math.max(0, bytes - s.bavail * s.bsize);
}
