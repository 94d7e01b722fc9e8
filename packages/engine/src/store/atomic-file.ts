/**
 * Crash-safe file writes: write a temp file beside the target, fsync, rename.
 * A reader (or a daemon restarted after kill -9) sees the old or the new
 * content, never a torn one. On a full disk, a write that replaces an
 * existing file may use the data root's reserve (disk-reserve.ts): the old
 * content stays until the new one is whole, whichever way it goes.
 */
import { access, open, rename, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeDirs } from '../host/make-dirs.js';
import { isNoSpace, type DiskReserve } from './disk-reserve.js';

export interface WriteOptions {
  /** The data root's reserve, for replacing records on a full disk (stop, remove, start-up). */
  reserve?: DiskReserve;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
  const { reserve } = opts;
  try {
    await writeThenRename(path, data);
  } catch (err) {
    // Only a record that exists already may use the reserve: a new one fails as the disk says.
    const replacing = await access(path).then(() => true, () => false);
    if (!reserve || !isNoSpace(err) || !replacing || !(await reserve.release())) throw err;
    await writeThenRename(path, data);
  }
  reserve?.refillSoon();
}

async function writeThenRename(path: string, data: string | Uint8Array): Promise<void> {
  await makeDirs(dirname(path));
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    // A failed write names no file; say which one, as Go's errors do.
    (err as NodeJS.ErrnoException).path ??= tmp;
    throw err;
  }
}

export async function writeJsonAtomic(path: string, value: unknown, opts: WriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 1), opts);
}

/** The parsed file, or `undefined` when it does not exist. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
