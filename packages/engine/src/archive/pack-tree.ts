/**
 * Packing trees of a root into a tar (`docker cp` out, `export`), every
 * path opened inside the root by the kernel (host/in-root.ts): a directory
 * a container swaps for a symlink while we walk is read as the symlink it
 * became, or its new target inside the container, never a host path.
 *
 *   packInto(sink, async (add) => { await add(root, '/etc', 'etc'); })
 *     → `etc/`, `etc/passwd`, ... ; a second name for an inode becomes a hard link
 */
import type { Stats } from 'node:fs';
import { posix } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { InRoot } from '../host/in-root.js';

type Headers = Partial<tar.Header> & { name: string };

/** Adds `path` of `root` (recursively) to the tar under `name` ('' = its contents at the top). */
export type AddTree = (root: InRoot, path: string, name: string) => Promise<void>;

/**
 * Packs what `fill` adds into `sink`. A client that goes away mid-stream
 * ends the walk (every step races the pipeline's failure), so nothing waits
 * forever on a tar nobody reads.
 */
export async function packInto(sink: Writable, fill: (add: AddTree) => Promise<void>): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, sink);
  const failed = done.then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  const guard = <T>(p: Promise<T>) => Promise.race([p, failed]);
  const walker = new Walker(pack, guard);
  await fill((root, path, name) => guard(walker.add(root, path, name)));
  pack.finalize();
  await done;
}

class Walker {
  private readonly inodes = new Map<string, string>();

  constructor(private readonly pack: tar.Pack, private readonly guard: <T>(p: Promise<T>) => Promise<T>) {}

  async add(root: InRoot, path: string, name: string): Promise<void> {
    const st = await root.stat(path);
    const header: Headers = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime, size: 0 };
    if (st.isDirectory()) {
      if (name) await this.entry({ ...header, name: `${name}/`, type: 'directory' });
      for (const child of (await root.readdir(path)).sort()) {
        await this.guard(this.add(root, posix.join(path, child), name ? `${name}/${child}` : child));
      }
      return;
    }
    if (st.isSymbolicLink()) return this.entry({ ...header, type: 'symlink', linkname: await root.readlink(path) });
    const key = `${st.dev}:${st.ino}`;
    const first = st.nlink > 1 ? this.inodes.get(key) : undefined;
    if (first) return this.entry({ ...header, type: 'link', linkname: first });
    if (st.isFile()) return this.file(root, path, header, st, key);
    if (st.isCharacterDevice() || st.isBlockDevice()) {
      const rdev = st.rdev;
      return this.entry({ ...header, type: st.isCharacterDevice() ? 'character-device' : 'block-device', devmajor: (rdev >> 8) & 0xfff, devminor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00) });
    }
    if (st.isFIFO()) return this.entry({ ...header, type: 'fifo' });
    // sockets have no tar form: skipped, as Docker does
  }

  private async file(root: InRoot, path: string, header: Headers, st: Stats, key: string): Promise<void> {
    // Not followed: a file swapped for a link since the stat is an error, not a detour.
    const handle = await root.openRead(path, false);
    try {
      const now = await handle.stat();
      if (now.ino !== st.ino || now.dev !== st.dev) throw new Error(`${path} changed while it was copied`);
      if (st.nlink > 1) this.inodes.set(key, header.name);
      if (now.size === 0) return await this.entry({ ...header, type: 'file', size: 0 }, Buffer.alloc(0));
      // The size in the header is the one read now; a file growing meanwhile is cut there.
      const sink = this.pack.entry({ ...header, type: 'file', size: now.size });
      await this.guard(pipeline(handle.createReadStream({ start: 0, end: now.size - 1 }), sink));
    } finally {
      await handle.close();
    }
  }

  private entry(header: Headers, body?: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) this.pack.entry(header, body, done);
      else this.pack.entry(header, done);
    });
  }
}
