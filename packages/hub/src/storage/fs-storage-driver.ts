/** StorageDriver on a local directory: temp file + fsync + rename for every commit; files 0600, directories 0700 (private images live here too). */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { writeChunks } from '@quai/common';
import type { StatInfo, StorageDriver } from './storage-driver.js';

const READ_CHUNK = 1024 * 1024;

export class FsStorageDriver implements StorageDriver {
  constructor(private readonly root: string) {}

  private full(path: string): string {
    return join(this.root, path);
  }

  async stat(path: string): Promise<StatInfo | undefined> {
    try {
      const st = await stat(this.full(path));
      return st.isFile() ? { size: st.size, modified: st.mtime } : undefined;
    } catch {
      return undefined;
    }
  }

  getContent(path: string): Promise<Buffer> {
    return readFile(this.full(path));
  }

  async putContent(path: string, data: Buffer): Promise<void> {
    const target = this.full(path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  }

  reader(path: string, range?: { start: number; end?: number }): Readable {
    // Large reads: a blob GET is a pipe from here to a socket, one pool round trip per read.
    return createReadStream(this.full(path), { highWaterMark: READ_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async append(path: string, source: AsyncIterable<Buffer>, onChunk?: (chunk: Buffer) => void): Promise<number> {
    const target = this.full(path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const fh = await open(target, 'a', 0o600);
    try {
      await writeChunks(fh, source, onChunk);
      await fh.sync();
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  }

  async move(from: string, to: string): Promise<void> {
    await mkdir(dirname(this.full(to)), { recursive: true, mode: 0o700 });
    await rename(this.full(from), this.full(to));
  }

  async delete(path: string): Promise<void> {
    await rm(this.full(path), { recursive: true, force: true });
  }

  async list(path: string): Promise<string[]> {
    try {
      return await readdir(this.full(path));
    } catch {
      return [];
    }
  }
}
