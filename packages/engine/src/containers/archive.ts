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
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, lchown, lstat, lutimes, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, join, posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
type Headers = Partial<tar.Header> & { name: string };
import { InvalidArgumentError, NotFoundError, QuaiError } from '@quai/common';
import type { MountPoint } from '../volumes/volume-record.js';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { containerPath, resolveInRoot, withContainerView, withRootfs } from './rootfs-path.js';

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

async function statIn(root: string, c: ContainerRecord, path: string): Promise<{ host: string; st: Stats; stat: PathStat }> {
  const abs = checkAbsolute(path);
  const host = await resolveInRoot(root, abs, followsLast(abs));
  const st = await lstat(host).catch(() => undefined);
  if (!st) throw new NotFoundError(`Could not find the file ${path} in container ${c.name}`);
  const linkTarget = st.isSymbolicLink() ? containerPath(root, await resolveInRoot(root, abs, true)) : '';
  const name = abs.endsWith('/.') ? '.' : posix.basename(abs) || '/';
  return { host, st, stat: { name, size: st.size, mode: goFileMode(st), mtime: st.mtime.toISOString(), linkTarget } };
}

export function statPath(d: ContainerContext, c: ContainerRecord, path: string): Promise<PathStat> {
  return withContainerView(d, c, async (root) => (await statIn(root, c, path)).stat);
}

/** Streams the tar of `path` into the sink `open` returns once the path's stat is known. */
export function readArchive(d: ContainerContext, c: ContainerRecord, path: string, open: (stat: PathStat) => Writable): Promise<void> {
  return withContainerView(d, c, async (root) => {
    const { host, stat } = await statIn(root, c, path);
    await packInto(open(stat), (walk) => walk(host, stat.name === '/' ? '' : stat.name));
  });
}

/** The whole root filesystem as a tar (`export`). */
export function exportRootfs(d: ContainerContext, c: ContainerRecord, sink: Writable): Promise<void> {
  return withRootfs(d, c, async (root) => {
    await packInto(sink, async (walk) => {
      for (const entry of (await readdir(root)).sort()) await walk(join(root, entry), entry);
    });
  });
}

type Walk = (hostPath: string, name: string) => Promise<void>;

/**
 * Packs what `fill` walks into `sink`. A client that goes away mid-stream
 * ends the walk (every step races the pipeline's failure), so nothing waits
 * forever on a tar nobody reads.
 */
async function packInto(sink: Writable, fill: (walk: Walk) => Promise<void>): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, sink);
  const failed = done.then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  const inodes = new Map<string, string>();
  const guard = <T>(p: Promise<T>) => Promise.race([p, failed]);
  const walk: Walk = (hostPath, name) => guard(packTree(pack, hostPath, name, inodes, guard));
  await fill(walk);
  pack.finalize();
  await done;
}

/** Adds `hostPath` (recursively) to the tar under `name`; hard links become link entries. */
async function packTree(pack: tar.Pack, hostPath: string, name: string, inodes: Map<string, string>, guard: <T>(p: Promise<T>) => Promise<T>): Promise<void> {
  const st = await lstat(hostPath);
  const header: Headers = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime, size: 0 };
  if (st.isDirectory()) {
    if (name) await entry(pack, { ...header, name: `${name}/`, type: 'directory' });
    for (const child of (await readdir(hostPath)).sort()) {
      await guard(packTree(pack, join(hostPath, child), name ? `${name}/${child}` : child, inodes, guard));
    }
    return;
  }
  if (st.isSymbolicLink()) return entry(pack, { ...header, type: 'symlink', linkname: await readlink(hostPath) });
  const key = `${st.dev}:${st.ino}`;
  if (st.nlink > 1 && inodes.has(key)) return entry(pack, { ...header, type: 'link', linkname: inodes.get(key)! });
  if (st.isFile()) {
    inodes.set(key, name);
    const sink = pack.entry({ ...header, type: 'file', size: st.size });
    await guard(pipeline(createReadStream(hostPath), sink));
    return;
  }
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    const rdev = st.rdev;
    return entry(pack, { ...header, type: st.isCharacterDevice() ? 'character-device' : 'block-device', devmajor: (rdev >> 8) & 0xfff, devminor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00) });
  }
  if (st.isFIFO()) return entry(pack, { ...header, type: 'fifo' });
  // sockets have no tar form: skipped, as Docker does
}

function entry(pack: tar.Pack, header: Headers): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, (err) => (err ? reject(err) : resolve())));
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
    const destHost = await resolveInRoot(root, abs, true);
    const st = await lstat(destHost).catch(() => undefined);
    if (!st) throw new NotFoundError(`Could not find the file ${path} in container ${c.name}`);
    if (!st.isDirectory()) throw new InvalidArgumentError(`extraction point is not a directory`);
    const dest = containerPath(root, destHost);
    refuseReadOnly(c, dest);
    const extract = tar.extract();
    const dirTimes: Array<[string, Date]> = [];
    extract.on('entry', (header, stream, next) => {
      writeEntry(root, dest, header, stream as unknown as Readable, o).then(
        (dirTime) => { if (dirTime) dirTimes.push(dirTime); stream.resume(); next(); },
        (err) => { stream.resume(); next(err); },
      );
    });
    await pipeline(input, extract);
    // Directory times last: writing into a directory changes its mtime.
    for (const [dir, mtime] of dirTimes.reverse()) await lutimes(dir, mtime, mtime).catch(() => {});
  });
}

async function writeEntry(root: string, dest: string, h: Headers, stream: Readable, o: ExtractOptions): Promise<[string, Date] | undefined> {
  const rel = posix.normalize(h.name).replace(/^\/+/, '').replace(/\/+$/, '');
  if (!rel || rel === '.' || rel.split('/').includes('..')) return undefined;
  const parent = await resolveInRoot(root, posix.join(dest, posix.dirname(rel)), true);
  await mkdir(parent, { recursive: true });
  const target = join(parent, basename(rel));
  const existing = await lstat(target).catch(() => undefined);
  const isDir = h.type === 'directory';
  if (existing && o.noOverwriteDirNonDir && existing.isDirectory() !== isDir) {
    throw new InvalidArgumentError(isDir
      ? `cannot overwrite non-directory "${posix.join(dest, rel)}" with directory "${rel}"`
      : `cannot overwrite directory "${posix.join(dest, rel)}" with non-directory "${rel}"`);
  }
  if (existing && !(isDir && existing.isDirectory())) await rm(target, { recursive: true, force: true });
  const mode = (h.mode ?? 0o644) & 0o7777;
  switch (h.type) {
    case 'directory':
      await mkdir(target, { recursive: true });
      await chmod(target, mode);
      break;
    case 'file':
    case 'contiguous-file':
      await pipeline(stream, createWriteStream(target, { mode }));
      await chmod(target, mode);
      break;
    case 'symlink':
      await symlink(h.linkname ?? '', target);
      break;
    case 'link': {
      const source = await resolveInRoot(root, posix.join(dest, posix.normalize(h.linkname ?? '').replace(/^\/+/, '')), false);
      await link(source, target);
      return undefined;
    }
    default:
      return undefined; // devices and fifos are not created by cp
  }
  const [uid, gid] = o.copyUIDGID ? [h.uid ?? 0, h.gid ?? 0] : [0, 0];
  await lchown(target, uid, gid);
  // chown clears setuid/setgid: the mode goes on after it.
  if (h.type !== 'symlink') await chmod(target, mode);
  const mtime = h.mtime ?? new Date();
  if (isDir) return [target, mtime];
  await lutimes(target, mtime, mtime).catch(() => {});
  return undefined;
}
