/**
 * COPY and ADD: which files a step takes (wildcards as Go's filepath.Match,
 * per path segment), a content hash of them for the cache (content, mode,
 * type, names — never mtime), and the copy itself into a mounted root.
 *
 *   COPY a.txt /dst        file → /dst (or /dst/a.txt if /dst is a dir)
 *   COPY dir /dst/         the contents of dir into /dst/
 *   COPY *.txt b /dst/     several sources: dest must end with `/`
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, lchown, lstat, lutimes, mkdir, open, readdir, readlink, rm, symlink, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { resolveInRoot } from './root-path.js';

const run = promisify(execFile);

export class CopyError extends Error {}

export interface Source {
  /** Path as given after matching (`src/a.txt`), relative to the source root. */
  rel: string;
  /** Host path. */
  abs: string;
}

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export const hasWildcard = (p: string) => /[*?[]/.test(p);

/** Every path under `dir`, relative, parents first. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, prefix)).catch(() => [] as string[])).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    out.push(rel);
    if ((await lstat(join(dir, rel))).isDirectory()) out.push(...(await walk(dir, rel)));
  }
  return out;
}

/** The sources a COPY names, in order; an unmatched name or pattern is an error, as Docker's. */
export async function resolveSources(root: string, patterns: string[], opts: { followRoot?: boolean } = {}): Promise<Source[]> {
  const out: Source[] = [];
  let all: string[] | undefined;
  for (const raw of patterns) {
    const clean = posix.normalize('/' + raw).slice(1).replace(/\/$/, '');
    if (hasWildcard(clean)) {
      all ??= await walk(root);
      const re = globRegex(clean);
      const hits = all.filter((p) => re.test(p));
      if (!hits.length) throw new CopyError(`COPY failed: no source files were specified`);
      for (const rel of hits) out.push({ rel, abs: join(root, rel) });
      continue;
    }
    const abs = opts.followRoot ? await resolveInRoot(root, clean) : join(root, clean);
    if (!(await lstat(abs).catch(() => undefined))) {
      throw new CopyError(`COPY failed: file not found in build context or excluded by .dockerignore: stat ${clean || '.'}: file does not exist`);
    }
    out.push({ rel: clean, abs });
  }
  return out;
}

/** sha256 over each source's tree: names, types, modes, link targets and file contents. */
export async function hashSources(sources: Source[]): Promise<string> {
  const h = createHash('sha256');
  const one = async (abs: string, name: string): Promise<void> => {
    const st = await lstat(abs);
    h.update(`${name}\0${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(`->${await readlink(abs)}\0`);
    else if (st.isFile()) {
      for await (const chunk of createReadStream(abs)) h.update(chunk as Buffer);
      h.update('\0');
    } else if (st.isDirectory()) {
      for (const child of (await readdir(abs)).sort()) await one(join(abs, child), `${name}/${child}`);
    }
  };
  for (const s of sources) await one(s.abs, s.rel);
  return h.digest('hex');
}

export interface CopyOptions {
  uid: number;
  gid: number;
  /** --chmod, octal. */
  mode?: number;
  /** ADD: unpack local tar archives at the destination. */
  extract?: boolean;
}

/** The destination, the working dir applied; a trailing `/` is kept (it means "a directory"). */
export function destPath(dest: string, workdir: string): string {
  const abs = posix.resolve(workdir || '/', dest);
  return dest.endsWith('/') || dest === '.' || dest.endsWith('/.') ? `${abs.replace(/\/$/, '')}/` : abs;
}

export async function copyInto(rootfs: string, sources: Source[], dest: string, opts: CopyOptions, wildcard: boolean): Promise<void> {
  const destIsDir = dest.endsWith('/');
  if ((sources.length > 1 || wildcard) && !destIsDir && sources.length > 1) {
    throw new CopyError('When using COPY with more than one source file, the destination must be a directory and end with a /');
  }
  for (const s of sources) {
    const st = await lstat(s.abs);
    if (st.isDirectory()) {
      const target = await ensureDir(rootfs, dest);
      await copyTree(s.abs, target, opts);
    } else if (opts.extract && st.isFile() && (await isArchive(s.abs))) {
      const target = await ensureDir(rootfs, dest);
      await run('tar', ['-x', '-p', '-f', s.abs, '-C', target]);
    } else {
      const existing = await resolveInRoot(rootfs, dest.replace(/\/$/, ''));
      const existingIsDir = (await lstat(existing).catch(() => undefined))?.isDirectory();
      const file = destIsDir || existingIsDir ? posix.join(dest, posix.basename(s.rel || s.abs)) : dest;
      const dir = await ensureDir(rootfs, posix.dirname(file));
      await copyEntry(s.abs, join(dir, posix.basename(file)), opts);
    }
  }
}

/** Creates `dir` (and parents, root-owned 0755) inside the root; returns its host path. */
async function ensureDir(rootfs: string, dir: string): Promise<string> {
  const host = await resolveInRoot(rootfs, dir);
  const st = await lstat(host).catch(() => undefined);
  if (st?.isDirectory()) return host;
  if (st) throw new CopyError(`cannot copy to ${dir}: not a directory`);
  const parent = posix.dirname(posix.normalize('/' + dir).replace(/\/$/, '') || '/');
  const parentHost = parent === '/' ? rootfs : await ensureDir(rootfs, parent);
  const self = join(parentHost, posix.basename(posix.normalize('/' + dir)));
  await mkdir(self, { mode: 0o755 });
  await chmod(self, 0o755);
  return self;
}

async function copyTree(src: string, dst: string, opts: CopyOptions): Promise<void> {
  for (const name of await readdir(src)) await copyEntry(join(src, name), join(dst, name), opts);
  const st = await lstat(src);
  await lchown(dst, opts.uid, opts.gid);
  await chmod(dst, opts.mode ?? (st.mode & 0o7777));
}

async function copyEntry(src: string, dst: string, opts: CopyOptions): Promise<void> {
  const st = await lstat(src);
  const existing = await lstat(dst).catch(() => undefined);
  if (existing && !(existing.isDirectory() && st.isDirectory())) await rm(dst, { recursive: true, force: true });
  if (st.isDirectory()) {
    if (!existing?.isDirectory()) await mkdir(dst);
    await copyTree(src, dst, opts);
    await utimes(dst, st.atime, st.mtime);
    return;
  }
  if (st.isSymbolicLink()) {
    await symlink(await readlink(src), dst);
    await lchown(dst, opts.uid, opts.gid);
    await lutimes(dst, st.atime, st.mtime);
    return;
  }
  if (!st.isFile()) return; // devices, fifos and sockets are not copied from a context
  await copyFile(src, dst);
  await lchown(dst, opts.uid, opts.gid);
  await chmod(dst, opts.mode ?? (st.mode & 0o7777));
  await utimes(dst, st.atime, st.mtime);
}

async function isArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
    if (bytesRead >= 3 && head.subarray(0, 3).toString() === 'BZh') return true;
    if (bytesRead >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return true;
    return bytesRead >= 262 && head.subarray(257, 262).toString() === 'ustar';
  } finally {
    await fh.close();
  }
}

/** ADD <url>: downloaded to dest (or dest/<name> for a dir), mode 0600 as Docker. */
export async function download(url: string, rootfs: string, dest: string, opts: CopyOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new CopyError(`ADD failed: error downloading ${url}: ${cause}`);
  }
  if (!res.ok) throw new CopyError(`ADD failed: error downloading ${url}: unexpected status code ${res.status}`);
  const name = posix.basename(new URL(url).pathname) || 'index.html';
  const file = dest.endsWith('/') ? posix.join(dest, name) : dest;
  const dir = await ensureDir(rootfs, posix.dirname(file));
  const target = join(dir, posix.basename(file));
  await rm(target, { force: true, recursive: true });
  const fh = await open(target, 'w', 0o600);
  try {
    await fh.writeFile(Buffer.from(await res.arrayBuffer()));
  } finally {
    await fh.close();
  }
  await lchown(target, opts.uid, opts.gid);
  await chmod(target, opts.mode ?? 0o600);
  const lm = res.headers.get('last-modified');
  if (lm) await utimes(target, new Date(lm), new Date(lm));
}
