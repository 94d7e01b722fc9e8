/**
 * A container's changes as an OCI layer tar, read from its overlay upper
 * dir. The upper dir already holds exactly the changes; only overlay's own
 * markers need translating back (the reverse of unpack-layer.ts):
 *
 *   char device 0:0 `name`               → empty file `.wh.name` (deleted)
 *   dir with trusted.overlay.opaque=y     → dir + `dir/.wh..wh..opq` (replaced)
 *
 * Entries are written sorted, parents first; a second path to an inode
 * already written becomes a hard link to the first. The upper dir is read
 * as a root (host/in-root.ts): a container still running that swaps a
 * directory for a link meanwhile never makes us read a host file.
 */
import { execFile } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import tar, { type Header } from 'tar-stream';
import { openRoot } from '../host/in-root.js';

const run = promisify(execFile);

/** Directories under `root` marked opaque, as paths relative to it. */
async function opaqueDirs(root: string): Promise<Set<string>> {
  // One getfattr for the whole tree: -d with a pattern lists only the files that have the attribute.
  const { stdout } = await run('getfattr', ['-R', '-P', '--absolute-names', '-d', '-m', '^trusted\\.overlay\\.opaque$', root],
    { maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const out = new Set<string>();
  let file = '';
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# file: ')) file = line.slice('# file: '.length);
    else if (/^trusted\.overlay\.opaque="y"/.test(line) && file.startsWith(root)) out.add(file.slice(root.length).replace(/^\//, ''));
  }
  return out;
}

/** The layer tar of `upperDir`'s contents, streamed. */
export function layerDiff(upperDir: string): Readable {
  const pack = tar.pack();
  void (async () => {
    const opaque = await opaqueDirs(upperDir);
    const inodes = new Map<string, string>();
    const upper = openRoot(upperDir);
    const walk = async (rel: string): Promise<void> => {
      const names = (await upper.readdir(`/${rel}`)).sort();
      for (const name of names) {
        const path = rel ? `${rel}/${name}` : name;
        const st = await upper.stat(path);
        const base: Partial<Header> & { name: string } = { name: path, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
        if (st.isCharacterDevice() && st.rdev === 0) {
          await entry(pack, { ...base, name: rel ? `${rel}/.wh.${name}` : `.wh.${name}`, type: 'file', size: 0, mode: 0o600 });
        } else if (st.isDirectory()) {
          await entry(pack, { ...base, name: `${path}/`, type: 'directory' });
          if (opaque.has(path)) await entry(pack, { ...base, name: `${path}/.wh..wh..opq`, type: 'file', size: 0, mode: 0o600 });
          await walk(path);
        } else if (st.isSymbolicLink()) {
          await entry(pack, { ...base, type: 'symlink', linkname: await upper.readlink(path) });
        } else if (st.isFile()) {
          const key = `${st.dev}:${st.ino}`;
          const first = st.nlink > 1 ? inodes.get(key) : undefined;
          if (first) {
            await entry(pack, { ...base, type: 'link', linkname: first, size: 0 });
            continue;
          }
          if (st.nlink > 1) inodes.set(key, path);
          const file = await upper.openRead(path, false);
          try {
            const size = (await file.stat()).size;
            if (size === 0) await entry(pack, { ...base, type: 'file', size: 0 });
            else await pipeline(file.createReadStream({ start: 0, end: size - 1 }), pack.entry({ ...base, type: 'file', size }));
          } finally {
            await file.close();
          }
        } else if (st.isFIFO()) {
          await entry(pack, { ...base, type: 'fifo' });
        } else if (st.isCharacterDevice() || st.isBlockDevice()) {
          const devmajor = Number((BigInt(st.rdev) >> 8n) & 0xfffn);
          const devminor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
          await entry(pack, { ...base, type: st.isBlockDevice() ? 'block-device' : 'character-device', devmajor, devminor });
        }
        // Sockets are not part of a layer.
      }
    };
    try {
      await walk('');
    } finally {
      upper.close();
    }
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

function entry(pack: tar.Pack, header: Partial<Header> & { name: string }): Promise<void> {
  // A file entry without a buffer would wait for its body: give empty ones an empty buffer.
  const body = header.type === 'file' || header.type === undefined ? Buffer.alloc(0) : undefined;
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (body) pack.entry({ ...header, size: 0 }, body, done);
    else pack.entry(header, done);
  });
}
