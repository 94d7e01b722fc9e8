/**
 * Extracting a tar into a root, every entry resolved inside it by the
 * kernel (host/in-root.ts): image layers, build contexts, `ADD` archives and
 * `docker cp` uploads all go through here. An entry name is a path below
 * `dest`; one that climbs out of it (`../x`) is refused, a symlink on the
 * way is followed inside the root (as in Docker's chroot), and a hard link
 * names an entry of the same archive, so it can never reach a host file.
 *
 *   extractTar(root, tar, { dest: '/tmp' })             a plain tar: files, dirs, links
 *   extractTar(root, tar, { devices: true, xattrs: true,
 *                           special: whiteouts })        an image layer (unpack-layer.ts)
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { posix } from 'node:path';
import tar, { type Header } from 'tar-stream';
import { InvalidArgumentError, writeChunks } from '@quai/common';
import { cleanPath, type InRoot } from '../host/in-root.js';

export type TarHeader = Omit<Header, 'pax'> & { pax?: Record<string, string> | null };

export interface ExtractOptions {
  /** Where in the root the archive's top lands (default: the root itself). */
  dest?: string;
  /** Owner of everything extracted; default: the archive's own uid/gid. */
  owner?: { uid: number; gid: number };
  /** Create device nodes and fifos (image layers, ADD); otherwise they are skipped. */
  devices?: boolean;
  /** Apply `SCHILY.xattr.*` pax records (image layers). */
  xattrs?: boolean;
  /** Refuse to replace a directory with a non-directory or the reverse (docker cp). */
  noOverwriteDirNonDir?: boolean;
  /** Sees each entry first (its path in the root); true = handled, skip it (layer whiteouts). */
  special?: (path: string, header: TarHeader) => Promise<boolean>;
}

const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const S_IFIFO = 0o010000;

/** The entry's path in the root, `dest` joined with its name; `..` out of `dest` is refused. */
export function entryPath(dest: string, name: string): string {
  const rel = posix.normalize(name.replace(/^\/+/, '') || '.');
  if (rel === '..' || rel.startsWith('../')) {
    throw new InvalidArgumentError(`invalid archive entry "${name}": it is outside of the destination ${posix.join('/', dest)}`);
  }
  return `/${cleanPath(posix.join(dest, rel))}`;
}

export async function extractTar(root: InRoot, input: Readable, opts: ExtractOptions = {}): Promise<void> {
  const dest = `/${cleanPath(opts.dest ?? '/')}`;
  const extract = tar.extract();
  const done = pipeline(input, extract as unknown as NodeJS.WritableStream);
  done.catch(() => {}); // awaited below; the loop sees the same failure
  const dirTimes: Array<[string, Date]> = [];
  for await (const entry of extract) {
    const header = entry.header as TarHeader;
    const path = entryPath(dest, header.name);
    if (!(opts.special && (await opts.special(path, header)))) await writeEntry(root, path, dest, header, entry, opts);
    if (header.type === 'directory' && header.mtime) dirTimes.push([path, header.mtime]);
    entry.resume();
  }
  await done;
  // Directory times last: creating their children changed them.
  for (const [dir, mtime] of dirTimes.reverse()) await root.lutimes(dir, mtime, mtime).catch(() => {});
}

async function writeEntry(root: InRoot, path: string, dest: string, h: TarHeader, body: AsyncIterable<unknown>, o: ExtractOptions): Promise<void> {
  const type = h.type ?? 'file';
  const isDir = type === 'directory';
  if (path !== '/') await root.mkdirAll(posix.dirname(path), 0o755);
  const existing = path === '/' ? await root.stat('/') : await root.statIfExists(path);
  if (existing && o.noOverwriteDirNonDir && existing.isDirectory() !== isDir) {
    throw new InvalidArgumentError(isDir
      ? `cannot overwrite non-directory "${path}" with directory "${h.name}"`
      : `cannot overwrite directory "${path}" with non-directory "${h.name}"`);
  }
  // The archive's `.` over an existing directory: nothing to do (as Docker's Unpack).
  if (path === dest && existing?.isDirectory()) return;
  if (existing && !(isDir && existing.isDirectory())) await root.remove(path);
  const mode = (h.mode ?? 0o644) & 0o7777;
  switch (type) {
    case 'directory':
      if (!existing?.isDirectory()) await root.mkdir(path, 0o755);
      break;
    case 'file':
    case 'contiguous-file': {
      const file = await root.create(path, 0o600);
      try {
        await writeChunks(file, body as AsyncIterable<Buffer>);
        // Owner, mode (after chown: it clears setuid) and times through the open file: no second lookup.
        await file.chown(o.owner?.uid ?? h.uid ?? 0, o.owner?.gid ?? h.gid ?? 0);
        await file.chmod(mode);
        if (h.mtime) await file.utimes(h.mtime, h.mtime);
      } finally {
        await file.close();
      }
      return applyXattrs(root, path, h, o);
    }
    case 'symlink':
      await root.symlink(h.linkname ?? '', path);
      break;
    case 'link':
      // A name in this archive (below dest); it shares the inode, metadata included.
      await root.link(entryPath(dest, h.linkname ?? ''), path);
      return;
    case 'character-device':
    case 'block-device':
    case 'fifo':
      if (!o.devices) return;
      await root.mknod(path, mode | (type === 'fifo' ? S_IFIFO : type === 'block-device' ? S_IFBLK : S_IFCHR), h.devmajor ?? 0, h.devminor ?? 0);
      break;
    default:
      return; // pax and GNU headers are folded into entries by tar-stream
  }
  await applyMetadata(root, path, h, type, o);
}

/** Owner, then mode (chown clears setuid/setgid), xattrs, and times for non-directories. */
export async function applyMetadata(root: InRoot, path: string, h: TarHeader, type: string, o: ExtractOptions): Promise<void> {
  await root.lchown(path, o.owner?.uid ?? h.uid ?? 0, o.owner?.gid ?? h.gid ?? 0);
  if (type !== 'symlink') await root.chmod(path, (h.mode ?? 0o644) & 0o7777);
  await applyXattrs(root, path, h, o);
  if (type !== 'directory' && h.mtime) await root.lutimes(path, h.mtime, h.mtime).catch(() => {});
}

async function applyXattrs(root: InRoot, path: string, h: TarHeader, o: ExtractOptions): Promise<void> {
  if (!o.xattrs) return;
  for (const [key, value] of Object.entries(h.pax ?? {})) {
    if (!key.startsWith('SCHILY.xattr.')) continue;
    // tar-stream decodes pax values as UTF-8, so binary values (file
    // capabilities) arrive mangled; those are skipped rather than corrupted.
    if (value.includes('\uFFFD')) continue;
    await root.lsetxattr(path, key.slice('SCHILY.xattr.'.length), Buffer.from(value, 'utf8'));
  }
}
