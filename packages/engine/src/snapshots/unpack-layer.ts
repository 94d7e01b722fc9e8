/**
 * Extracts one uncompressed OCI layer tar into a directory that will serve
 * as an overlayfs lower layer. OCI whiteouts become overlay's own markers
 * (image-spec layer.md "Whiteouts"; kernel Documentation/filesystems/overlayfs):
 *
 *   dir/.wh.name        → dir/name as a character device 0:0
 *   dir/.wh..wh..opq    → xattr trusted.overlay.opaque=y on dir
 *
 * Node has no mknod or setxattr, so those two (rare) cases run the `mknod`
 * (coreutils) and `setfattr` (Debian package `attr`) binaries.
 *
 * Nothing is written outside `root`: entry names are normalised, `..` is
 * refused, and no parent directory on the way may be a symlink.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { lchown, link, lstat, lutimes, mkdir, open, rm, symlink, chmod, utimes } from 'node:fs/promises';
import { posix, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar, { type Header } from 'tar-stream';
import { InvalidArgumentError } from '@quai/common';

const run = promisify(execFile);
const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';

type TarHeader = Omit<Header, 'pax'> & { pax?: Record<string, string> | null };

/** A layer-relative path (`usr/bin/sh`), or '' for the root; throws on `..`. */
export function cleanEntryPath(name: string): string {
  if (name.split('/').includes('..')) throw new InvalidArgumentError(`layer entry escapes the root: ${name}`);
  return posix.normalize('/' + name).slice(1).replace(/\/$/, '');
}

export async function unpackLayer(root: string, layerTar: Readable): Promise<void> {
  const extract = tar.extract();
  const ended = finished(layerTar);
  ended.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
  layerTar.on('error', (err) => extract.destroy(err));
  layerTar.pipe(extract as unknown as NodeJS.WritableStream);
  const dirTimes: Array<[string, Date]> = [];
  const safeDirs = new Set<string>(['']);
  for await (const entry of extract) {
    const header = entry.header as TarHeader;
    const rel = cleanEntryPath(header.name);
    const base = posix.basename(rel);
    const parentRel = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    if (rel === '') {
      await applyMeta(root, header, 'directory');
      if (header.mtime) dirTimes.push([root, header.mtime]);
      entry.resume();
      continue;
    }
    await ensureParents(root, parentRel, safeDirs);
    const target = join(root, rel);
    if (base === OPAQUE) {
      await run('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', join(root, parentRel)]);
    } else if (base.startsWith(WH + WH)) {
      // Other AUFS metadata (.wh..wh.plnk ...) has no overlay meaning.
    } else if (base.startsWith(WH)) {
      const hidden = join(root, parentRel, base.slice(WH.length));
      await rm(hidden, { recursive: true, force: true });
      await run('mknod', ['-m', '0', hidden, 'c', '0', '0']);
    } else {
      await writeEntry(root, target, rel, header, entry, safeDirs);
      if (header.type === 'directory' && header.mtime) dirTimes.push([target, header.mtime]);
    }
    entry.resume();
  }
  await ended;
  // Directory mtimes last: creating their children changed them.
  for (const [dir, mtime] of dirTimes.reverse()) await utimes(dir, mtime, mtime);
}

async function ensureParents(root: string, parentRel: string, safeDirs: Set<string>): Promise<void> {
  if (safeDirs.has(parentRel)) return;
  let so = '';
  for (const part of parentRel.split('/')) {
    so = so ? `${so}/${part}` : part;
    if (safeDirs.has(so)) continue;
    const st = await lstat(join(root, so)).catch(() => undefined);
    if (!st) await mkdir(join(root, so), { mode: 0o755 });
    else if (!st.isDirectory()) throw new InvalidArgumentError(`layer entry below a non-directory: ${so}`);
    safeDirs.add(so);
  }
}

/** Refuses a path whose parents include a symlink (it could lead out of `root`). */
async function assertRealParents(root: string, rel: string): Promise<void> {
  let so = '';
  for (const part of rel.split('/').slice(0, -1)) {
    so = so ? `${so}/${part}` : part;
    const st = await lstat(join(root, so)).catch(() => undefined);
    if (!st?.isDirectory()) throw new InvalidArgumentError(`invalid hard link target in layer: ${rel}`);
  }
}

async function writeEntry(root: string, target: string, rel: string, header: TarHeader, entry: AsyncIterable<unknown>, safeDirs: Set<string>): Promise<void> {
  const existing = await lstat(target).catch(() => undefined);
  const type = header.type ?? 'file';
  if (existing && !(existing.isDirectory() && type === 'directory')) {
    await rm(target, { recursive: true, force: true });
  }
  if (existing?.isDirectory() && type !== 'directory') {
    for (const d of safeDirs) if (d === rel || d.startsWith(rel + '/')) safeDirs.delete(d);
  }
  const mode = (header.mode ?? 0o644) & 0o7777;
  switch (type) {
    case 'directory':
      if (!existing?.isDirectory()) await mkdir(target, { mode: 0o755 });
      safeDirs.add(rel);
      break;
    case 'file':
    case 'contiguous-file': {
      const handle = await open(target, 'wx', 0o600);
      try {
        for await (const chunk of entry) await handle.write(chunk as Buffer);
      } finally {
        await handle.close();
      }
      break;
    }
    case 'symlink':
      await symlink(header.linkname ?? '', target);
      break;
    case 'link': {
      const sourceRel = cleanEntryPath(header.linkname ?? '');
      await assertRealParents(root, sourceRel);
      await link(join(root, sourceRel), target);
      return; // a hard link shares the source's inode, metadata included
    }
    case 'character-device':
    case 'block-device':
      await run('mknod', ['-m', mode.toString(8), target, type === 'block-device' ? 'b' : 'c',
        String(header.devmajor ?? 0), String(header.devminor ?? 0)]);
      break;
    case 'fifo':
      await run('mknod', ['-m', mode.toString(8), target, 'p']);
      break;
    default:
      return; // pax/gnu headers are folded into entries by tar-stream
  }
  await applyMeta(target, header, type);
}

async function applyMeta(path: string, header: TarHeader, type: string): Promise<void> {
  await lchown(path, header.uid ?? 0, header.gid ?? 0);
  if (type === 'symlink') {
    if (header.mtime) await lutimes(path, header.mtime, header.mtime);
    return;
  }
  // chmod after chown: chown clears setuid/setgid bits.
  await chmod(path, (header.mode ?? 0o644) & 0o7777);
  await applyXattrs(path, header);
  if (type !== 'directory' && header.mtime) await utimes(path, header.mtime, header.mtime);
}

async function applyXattrs(path: string, header: TarHeader): Promise<void> {
  for (const [key, value] of Object.entries(header.pax ?? {})) {
    if (!key.startsWith('SCHILY.xattr.')) continue;
    // tar-stream decodes pax values as UTF-8, so binary values (file
    // capabilities) arrive mangled; those are skipped rather than corrupted.
    if (value.includes('\uFFFD')) continue;
    await run('setfattr', ['-n', key.slice('SCHILY.xattr.'.length), '-v', '0x' + Buffer.from(value, 'utf8').toString('hex'), path]);
  }
}
