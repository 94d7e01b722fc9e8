/**
 * Paths inside a container's root filesystem, seen from the host. Symlinks
 * are resolved as the container would see them (absolute targets point at
 * its root, `..` never climbs above it), so a link in an image can never
 * lead a copy out onto the host. The rootfs is mounted for the time of the
 * operation when the container is not running.
 *
 *   withRootfs         the container's own filesystem (export, diff, commit)
 *   withContainerView  what its processes see: the rootfs with its volumes,
 *                      binds and tmpfs mounts (cp): /proc/PID/root while it
 *                      runs, else the rootfs with the volumes bound in, as
 *                      Docker mounts them for a copy
 */
import { access, lstat, mkdir, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@quai/common';
import { bindMount, isMounted, mountAll, unmount } from '../host/mount.js';
import { rootfsMountPath } from '../paths.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

/** `root` + `path`, symlinks resolved inside root; the last one too when `followLast`. */
export async function resolveInRoot(root: string, path: string, followLast: boolean): Promise<string> {
  const queue = path.split('/').filter((p) => p && p !== '.');
  let resolved: string[] = [];
  let hops = 0;
  while (queue.length) {
    const part = queue.shift()!;
    if (part === '..') { resolved.pop(); continue; }
    const candidate = [...resolved, part];
    if (!queue.length && !followLast) { resolved = candidate; break; }
    const st = await lstat(join(root, ...candidate)).catch(() => undefined);
    if (!st?.isSymbolicLink()) { resolved = candidate; continue; }
    if (++hops > 255) throw new InvalidArgumentError(`too many levels of symbolic links: ${path}`);
    const target = await readlink(join(root, ...candidate));
    if (target.startsWith('/')) resolved = [];
    queue.unshift(...target.split('/').filter((p) => p && p !== '.'));
  }
  return join(root, ...resolved);
}

/** The path as the container sees it, for a host path under root. */
export function containerPath(root: string, hostPath: string): string {
  return hostPath === root ? '/' : hostPath.slice(root.length);
}

/**
 * Run `fn` with the container's rootfs mounted (mounting it meanwhile if it
 * is not). Only a running container's mount can be used without the lock: a
 * stopped one's may still be released by its exit handler (queued on the lock).
 */
export async function withRootfs<T>(d: ContainerContext, c: ContainerRecord, fn: (root: string) => Promise<T>): Promise<T> {
  const root = rootfsMountPath(d.paths, c.id);
  if (isRunning(c) && (await isMounted(root))) return fn(root);
  return d.locks.run(c.id, async () => {
    if (await isMounted(root)) return fn(root);
    await mountAll(await d.snapshotter.mounts(c.id, c.snapshotParent), root);
    try {
      return await fn(root);
    } finally {
      await unmount(root).catch(() => {});
    }
  });
}

/** Run `fn` on the container's filesystem as its processes see it, mounts included. */
export async function withContainerView<T>(d: ContainerContext, c: ContainerRecord, fn: (root: string) => Promise<T>): Promise<T> {
  const procRoot = `/proc/${c.state.pid}/root`;
  if (isRunning(c) && c.state.pid > 0 && (await access(procRoot).then(() => true, () => false))) return fn(procRoot);
  return withRootfs(d, c, async (root) => {
    // Outer mounts first, so a volume inside another lands on top of it.
    const mounts = (c.mounts ?? []).filter((m) => m.type !== 'tmpfs' && m.source)
      .sort((a, b) => a.destination.split('/').length - b.destination.split('/').length);
    const bound: string[] = [];
    try {
      for (const m of mounts) {
        const target = await resolveInRoot(root, m.destination, true);
        // The mount point, as the runtime makes it: a directory, or a file for a file bind.
        if ((await stat(m.source)).isDirectory()) await mkdir(target, { recursive: true });
        else await writeFile(target, '', { flag: 'a' });
        await bindMount(m.source, target, !m.rw);
        bound.push(target);
      }
      return await fn(root);
    } finally {
      for (const target of bound.reverse()) await unmount(target).catch(() => {});
    }
  });
}
