/**
 * COPY and ADD: which files a step takes (wildcards as Go's filepath.Match,
 * per path segment), a content hash of them for the cache (content, mode,
 * type, names — never mtime), and the copy itself into a mounted root.
 * Sources and destination are both opened inside their roots by the kernel
 * (engine host/in-root.ts): a context's link that climbs out leads back to
 * the context's own root, as Docker's scoped paths do.
 *
 *   COPY a.txt /dst        file → /dst (or /dst/a.txt if /dst is a dir)
 *   COPY dir /dst/         the contents of dir into /dst/
 *   COPY *.txt b /dst/     several sources: dest must end with `/`
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { cleanPath, copyTree, decompressed, extractTar, type CopyTreeOptions, type InRoot } from '@quai/engine';

export class CopyError extends Error {}

export interface Source {
  /** Path as given after matching (`src/a.txt`), relative to the source root. */
  rel: string;
  /** The root it is read from (the context, a stage, a heredoc's temp dir). */
  root: InRoot;
  /** Its path in that root, links followed. */
  path: string;
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

/** Every path under `dir` of `root`, relative, parents first (links are not entered). */
async function walk(root: InRoot, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await root.readdir(`/${prefix}`).catch(() => [] as string[])).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    out.push(rel);
    if ((await root.stat(rel)).isDirectory()) out.push(...(await walk(root, rel)));
  }
  return out;
}

const notFound = (path: string) => new CopyError(`COPY failed: file not found in build context or excluded by .dockerignore: stat ${path || '.'}: file does not exist`);

/**
 * The sources a COPY names, in order; an unmatched name or pattern is an
 * error, as Docker's, and so is a name that climbs out of the root (`../x`).
 */
export async function resolveSources(root: InRoot | undefined, patterns: string[]): Promise<Source[]> {
  const out: Source[] = [];
  let all: string[] | undefined;
  for (const raw of patterns) {
    const lexical = posix.normalize(raw);
    if (lexical === '..' || lexical.startsWith('../')) throw new CopyError(`COPY failed: Forbidden path outside the build context: ${raw} ()`);
    const clean = cleanPath(raw);
    if (!root) throw notFound(clean);
    if (hasWildcard(clean)) {
      all ??= await walk(root);
      const re = globRegex(clean);
      const hits = all.filter((p) => re.test(p));
      if (!hits.length) throw new CopyError(`COPY failed: no source files were specified`);
      for (const rel of hits) out.push({ rel, root, path: await root.realPath(rel) });
      continue;
    }
    // Followed inside the root, the last link too (Docker's FollowSymlinkInScope).
    if (!(await root.statIfExists(clean, true).catch(() => undefined))) throw notFound(clean);
    out.push({ rel: clean, root, path: await root.realPath(clean) });
  }
  return out;
}

/** sha256 over each source's tree: names, types, modes, link targets and file contents. */
export async function hashSources(sources: Source[]): Promise<string> {
  const h = createHash('sha256');
  const one = async (root: InRoot, path: string, name: string): Promise<void> => {
    const st = await root.stat(path);
    h.update(`${name}\0${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(`->${await root.readlink(path)}\0`);
    else if (st.isFile()) {
      const file = await root.openRead(path, false);
      try {
        for await (const chunk of file.createReadStream()) h.update(chunk as Buffer);
      } finally {
        await file.close();
      }
      h.update('\0');
    } else if (st.isDirectory()) {
      for (const child of (await root.readdir(path)).sort()) await one(root, posix.join(path, child), `${name}/${child}`);
    }
  };
  for (const s of sources) await one(s.root, s.path, s.rel);
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

export async function copyInto(rootfs: InRoot, sources: Source[], dest: string, opts: CopyOptions, wildcard: boolean): Promise<void> {
  const destIsDir = dest.endsWith('/');
  if ((sources.length > 1 || wildcard) && !destIsDir && sources.length > 1) {
    throw new CopyError('When using COPY with more than one source file, the destination must be a directory and end with a /');
  }
  const tree: CopyTreeOptions = { owner: { uid: opts.uid, gid: opts.gid }, mode: opts.mode };
  for (const s of sources) {
    const st = await s.root.stat(s.path);
    if (st.isDirectory()) {
      await copyTree(s.root, s.path, rootfs, await ensureDir(rootfs, dest), tree);
    } else if (opts.extract && st.isFile() && (await isArchive(s.root, s.path))) {
      // Unpacked by quai's own extractor, inside the image: never the host's tar.
      const target = await ensureDir(rootfs, dest);
      const file = await s.root.openRead(s.path, false);
      try {
        await extractTar(rootfs, await decompressed(file.createReadStream()), { dest: target, devices: true });
      } finally {
        await file.close();
      }
    } else {
      const existing = await rootfs.statIfExists(dest, true);
      const file = destIsDir || existing?.isDirectory() ? posix.join(dest, posix.basename(s.rel || s.path)) : dest;
      const dir = await ensureDir(rootfs, posix.dirname(file));
      await copyTree(s.root, s.path, rootfs, posix.join(dir, posix.basename(file)), tree);
    }
  }
}

/** Creates `dir` (and parents, root-owned 0755) inside the root; returns its path there, links followed. */
async function ensureDir(rootfs: InRoot, dir: string): Promise<string> {
  await rootfs.mkdirAll(dir, 0o755).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') throw new CopyError(`cannot copy to ${dir}: not a directory`);
    throw err;
  });
  return rootfs.realPath(dir);
}

async function isArchive(root: InRoot, path: string): Promise<boolean> {
  const fh = await root.openRead(path, false);
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
export async function download(url: string, rootfs: InRoot, dest: string, opts: CopyOptions): Promise<void> {
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
  const target = posix.join(await ensureDir(rootfs, posix.dirname(file)), posix.basename(file));
  await rootfs.remove(target);
  const fh = await rootfs.create(target, 0o600);
  try {
    await fh.writeFile(Buffer.from(await res.arrayBuffer()));
  } finally {
    await fh.close();
  }
  await rootfs.lchown(target, opts.uid, opts.gid);
  await rootfs.chmod(target, opts.mode ?? 0o600);
  const lm = res.headers.get('last-modified');
  if (lm) await rootfs.lutimes(target, new Date(lm), new Date(lm));
}
