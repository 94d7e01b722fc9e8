/**
 * Local side of `cp`: pack a host path into a tar with a chosen root name,
 * and extract a tar under a directory, renaming its root entry (how a copy
 * to a path that does not exist yet gets its name, as docker's RebaseArchiveEntries).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readlink, rm, symlink, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export function packLocal(path: string, rootName: string): Readable {
  const pack = tar.pack();
  const add = (header: Partial<tar.Header> & { name: string }) => new Promise<void>((res, rej) => pack.entry(header, (e) => (e ? rej(e) : res())));
  const walk = async (host: string, name: string): Promise<void> => {
    const st = await lstat(host);
    const base = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isDirectory()) {
      await add({ ...base, name: `${name}/`, type: 'directory' });
      for (const child of (await readdir(host)).sort()) await walk(join(host, child), `${name}/${child}`);
    } else if (st.isSymbolicLink()) {
      await add({ ...base, type: 'symlink', linkname: await readlink(host) });
    } else if (st.isFile()) {
      await pipeline(createReadStream(host), pack.entry({ ...base, type: 'file', size: st.size }));
    }
  };
  walk(path, rootName).then(() => pack.finalize(), (err) => pack.destroy(err));
  return pack as unknown as Readable;
}

/** Extract under `dir`; the archive's root `from` becomes `to` when given. */
export async function extractLocal(input: Readable, dir: string, rename?: { from: string; to: string }): Promise<void> {
  const extract = tar.extract();
  extract.on('entry', (h, stream, next) => {
    void (async () => {
      let name = posix.normalize(h.name).replace(/^\/+/, '').replace(/\/+$/, '');
      if (rename && (name === rename.from || name.startsWith(`${rename.from}/`))) name = rename.to + name.slice(rename.from.length);
      if (!name || name.split('/').includes('..')) { stream.resume(); return; }
      const target = join(dir, name);
      const mode = (h.mode ?? 0o644) & 0o7777;
      if (h.type === 'directory') {
        await mkdir(target, { recursive: true });
        await chmod(target, mode);
      } else if (h.type === 'file') {
        await rm(target, { force: true });
        await pipeline(stream as unknown as Readable, createWriteStream(target, { mode }));
        await chmod(target, mode);
        if (h.mtime) await utimes(target, h.mtime, h.mtime);
      } else if (h.type === 'symlink') {
        await rm(target, { force: true });
        await symlink(h.linkname ?? '', target);
      }
      stream.resume();
    })().then(() => next(), (err) => next(err));
  });
  await pipeline(input, extract);
}
