/**
 * A container's filesystem opened as a root (host/in-root.ts): every path
 * in it is resolved by the kernel inside the container's `/`, so a link in
 * an image, or one a running container swaps in while we copy, never leads
 * onto the host. The rootfs is mounted for the time of the operation when
 * the container is not running.
 *
 *   withRootfs         the container's own filesystem (export)
 *   withContainerView  what its processes see: the rootfs with its volumes,
 *                      binds and tmpfs mounts (cp): /proc/PID/root while it
 *                      runs, else the rootfs with the volumes bound in, as
 *                      Docker mounts them for a copy
 */
import { stat } from 'node:fs/promises';
import { bindMount, isMounted, mountAll, remountReadOnly, unmount } from '../host/mount.js';
import { openRoot, withRoot, type InRoot } from '../host/in-root.js';
import { MNT_DETACH, syscalls } from '../host/syscalls.js';
import { rootfsMountPath } from '../paths.js';
import { makeMountPoint } from '../volumes/oci-mounts.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

/**
 * Run `fn` with the container's rootfs mounted (mounting it meanwhile if it
 * is not). Only a running container's mount can be used without the lock: a
 * stopped one's may still be released by its exit handler (queued on the lock).
 */
export async function withRootfs<T>(d: ContainerContext, c: ContainerRecord, fn: (root: InRoot) => Promise<T>): Promise<T> {
  const dir = rootfsMountPath(d.paths, c.id);
  if (isRunning(c) && (await isMounted(dir))) return withRoot(dir, fn);
  return d.locks.run(c.id, async () => {
    if (await isMounted(dir)) return withRoot(dir, fn);
    await mountAll(await d.snapshotter.mounts(c.id, c.snapshotParent), dir);
    try {
      return await withRoot(dir, fn);
    } finally {
      await unmount(dir).catch(() => {});
    }
  });
}

/** Run `fn` on the container's filesystem as its processes see it, mounts included. */
export async function withContainerView<T>(d: ContainerContext, c: ContainerRecord, fn: (root: InRoot) => Promise<T>): Promise<T> {
  const running = isRunning(c) && c.state.pid > 0 ? await openProcessRoot(d, c) : undefined;
  if (running) {
    try {
      return await fn(running);
    } finally {
      running.close();
    }
  }
  return withRootfs(d, c, async (root) => {
    // Outer mounts first, so a volume inside another lands on top of it.
    const mounts = (c.mounts ?? []).filter((m) => m.type !== 'tmpfs' && m.source)
      .sort((a, b) => a.destination.split('/').length - b.destination.split('/').length);
    const bound: string[] = [];
    try {
      for (const m of mounts) {
        await makeMountPoint(root, m.destination, m.source);
        await root.withHostPath(m.destination, true, (target) => bindMount(m.source, target, false));
        bound.push(m.destination);
        // Opened again: the walk now ends on the bind mount itself.
        if (!m.rw) await root.withHostPath(m.destination, true, remountReadOnly);
      }
      return await fn(root);
    } finally {
      for (const destination of bound.reverse()) {
        await root.withHostPath(destination, true, async (mounted) => syscalls?.umount2(mounted, MNT_DETACH)).catch(() => {});
      }
    }
  });
}

/**
 * /proc/PID/root of a running container, if it still is the container's
 * rootfs (same device and inode as its mount): a pid that was reused after
 * the container exited must never hand us another process's root.
 */
async function openProcessRoot(d: ContainerContext, c: ContainerRecord): Promise<InRoot | undefined> {
  let root: InRoot;
  try {
    root = openRoot(`/proc/${c.state.pid}/root`);
  } catch {
    return undefined;
  }
  const [seen, mounted] = await Promise.all([root.stat('/').catch(() => undefined), stat(rootfsMountPath(d.paths, c.id)).catch(() => undefined)]);
  if (seen && mounted && seen.dev === mounted.dev && seen.ino === mounted.ino) return root;
  root.close();
  return undefined;
}
