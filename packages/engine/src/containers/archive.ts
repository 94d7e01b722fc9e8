/**
 * `docker cp` and `export`: tar archives of paths in a container and
 * extraction into it, as Docker's `/containers/{id}/archive` does.
 *
 *   statPath(c, '/etc/passwd')      → { name, size, mode, mtime, linkTarget }
 *   readArchive(c, '/etc', open)    → tar with `etc/`, `etc/passwd`, ...
 *   extractArchive(c, '/tmp', tar)  → entries written under /tmp
 *
 * `mode` is Go's os.FileMode (the docker CLI decodes it: dir = 1<<31...).
 */
import type { Stats } from 'node:fs';
import { posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { InvalidArgumentError, NotFoundError, QuaiError } from '@quai/common';
import { extractTar } from '../archive/extract-tar.js';
import { packInto } from '../archive/pack-tree.js';
import type { InRoot } from '../host/in-root.js';
import type { MountPoint } from '../volumes/volume-record.js';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { withContainerView, withRootfs } from './rootfs-path.js';

export interface PathStat { name: string; size: number; mode: number; mtime: string; linkTarget: string }

const GO_MODE = { dir: 2 ** 31, symlink: 2 ** 27, device: 2 ** 26, pipe: 2 ** 25, socket: 2 ** 24, setuid: 2 ** 23, setgid: 2 ** 22, charDevice: 2 ** 21, sticky: 2 ** 20 };

export function goFileMode(st: Stats): number {
  let mode = st.mode & 0o777;
  if (st.isDirectory()) mode += GO_MODE.dir;
  if (st.isSymbolicLink()) mode += GO_MODE.symlink;
  if (st.isBlockDevice()) mode += GO_MODE.device;
  if (st.isCharacterDevice()) mode += GO_MODE.device + GO_MODE.charDevice;
  if (st.isFIFO()) mode += GO_MODE.pipe;
  if (st.isSocket()) mode += GO_MODE.socket;
  if (st.mode & 0o4000) mode += GO_MODE.setuid;
  if (st.mode & 0o2000) mode += GO_MODE.setgid;
  if (st.mode & 0o1000) mode += GO_MODE.sticky;
  return mode;
}

/** Docker follows the last symlink only when the path ends in `/` or `/.`. */
const followsLast = (path: string) => path.endsWith('/') || path.endsWith('/.');

function checkAbsolute(path: string): string {
  if (!path) throw new InvalidArgumentError('Path cannot be empty');
  return path.startsWith('/') ? path : `/${path}`;
}

async function statIn(root: InRoot, c: ContainerRecord, path: string): Promise<PathStat> {
  const abs = checkAbsolute(path);
  const st = await root.statIfExists(abs, followsLast(abs));
  if (!st) throw new NotFoundError(`Could not find the file ${path} in container ${c.name}`);
  const linkTarget = st.isSymbolicLink() ? await root.realPath(abs) : '';
  const name = abs.endsWith('/.') ? '.' : posix.basename(abs) || '/';
  return { name, size: st.size, mode: goFileMode(st), mtime: st.mtime.toISOString(), linkTarget };
}

export function statPath(d: ContainerContext, c: ContainerRecord, path: string): Promise<PathStat> {
  return withContainerView(d, c, (root) => statIn(root, c, path));
}

/** Streams the tar of `path` into the sink `open` returns once the path's stat is known. */
export function readArchive(d: ContainerContext, c: ContainerRecord, path: string, open: (stat: PathStat) => Writable): Promise<void> {
  return withContainerView(d, c, async (root) => {
    const stat = await statIn(root, c, path);
    const abs = checkAbsolute(path);
    // The path itself, or what its last link leads to when it ends in `/` or `/.`.
    const at = followsLast(abs) ? await root.realPath(abs) : abs;
    await packInto(open(stat), (add) => add(root, at, stat.name === '/' ? '' : stat.name));
  });
}

/** The whole root filesystem as a tar (`export`). */
export function exportRootfs(d: ContainerContext, c: ContainerRecord, sink: Writable): Promise<void> {
  return withRootfs(d, c, (root) => packInto(sink, (add) => add(root, '/', '')));
}

export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory or the reverse. */
  noOverwriteDirNonDir: boolean;
  /** Keep the archive's uid/gid; otherwise files belong to root (0:0). */
  copyUIDGID: boolean;
}

/** As Docker, a copy into a read-only volume or rootfs is refused (403) before anything is written. */
function refuseReadOnly(c: ContainerRecord, dest: string): void {
  const within = (m: MountPoint) => dest === m.destination || dest.startsWith(`${m.destination.replace(/\/$/, '')}/`);
  const mount = (c.mounts ?? []).filter(within).sort((a, b) => b.destination.length - a.destination.length)[0];
  if (mount && !mount.rw) throw new QuaiError('forbidden', 'mounted volume is marked read-only');
  if (!mount && c.hostConfig.ReadonlyRootfs) throw new QuaiError('forbidden', 'container rootfs is marked read-only');
}

/** Extracts a tar into the directory `path` of the container. */
export function extractArchive(d: ContainerContext, c: ContainerRecord, path: string, input: Readable, o: ExtractOptions): Promise<void> {
  return withContainerView(d, c, async (root) => {
    const abs = checkAbsolute(path);
    const st = await root.statIfExists(abs, true);
    if (!st) throw new NotFoundError(`Could not find the file ${path} in container ${c.name}`);
    if (!st.isDirectory()) throw new InvalidArgumentError(`extraction point is not a directory`);
    const dest = await root.realPath(abs);
    refuseReadOnly(c, dest);
    await extractTar(root, input, { dest, noOverwriteDirNonDir: o.noOverwriteDirNonDir, owner: o.copyUIDGID ? undefined : { uid: 0, gid: 0 } });
  });
}
