/**
 * A build context as `docker build` sends it: the context directory as a
 * tar, minus what .dockerignore (or <Dockerfile>.dockerignore) excludes; the
 * Dockerfile and .dockerignore always go. Used by `quai build` and by
 * `quai compose build`.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-stream';

/** The context's files, relative, parents first, minus the ignored ones. */
export async function contextFiles(dir: string, dockerfile: string): Promise<string[]> {
  const patterns = await readFile(join(dir, `${dockerfile}.dockerignore`), 'utf8')
    .catch(() => readFile(join(dir, '.dockerignore'), 'utf8')).catch(() => '');
  const ig = (dockerignore as unknown as { default?: typeof dockerignore }).default ?? dockerignore;
  const matcher = (ig as unknown as (o?: object) => { add(p: string[]): { ignores(p: string): boolean } })().add(patterns.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')));
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const isDir = (await lstat(join(dir, path))).isDirectory();
      const keep = path === dockerfile || path === '.dockerignore' || !matcher.ignores(isDir ? `${path}/` : path);
      if (keep) out.push(path);
      // An ignored dir may still hold `!` exceptions: look inside anyway.
      if (isDir) await walk(path);
    }
  };
  await walk('');
  return out;
}

export async function contextTar(dir: string, files: string[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
  const ended = new Promise<void>((ok, fail) => { pack.on('end', () => ok()); pack.on('error', (e: unknown) => fail(e)); });
  for (const path of files) {
    const st = await lstat(join(dir, path));
    const base = { name: path, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
    if (st.isDirectory()) pack.entry({ ...base, type: 'directory' });
    else if (st.isSymbolicLink()) pack.entry({ ...base, type: 'symlink', linkname: await readlink(join(dir, path)) });
    else if (st.isFile()) await pipeline(createReadStream(join(dir, path)), pack.entry({ ...base, size: st.size }));
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The context dir as a tar, ready for POST /build. `dockerfile` is relative to dir. */
export async function buildContext(dir: string, dockerfile: string): Promise<Buffer> {
  return contextTar(dir, await contextFiles(dir, dockerfile));
}
