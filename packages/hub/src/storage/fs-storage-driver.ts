/**
 * StorageDriver on a local directory: temp file + fsync + rename for every
 * whole object; a write in pieces appends to its file, cut back first to the
 * size its state records (bytes a failed write left behind go). Files are
 * 0600 and directories 0700: private images live here too.
 */
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { writeChunks } from '@quai/common';
import type { ByteSource, StatInfo, StorageDriver, WriteOptions, WriteState } from './storage-driver.js';

const READ_CHUNK = 1024 * 1024;

export class FsStorageDriver implements StorageDriver {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `filesystem ${root}`;
  }

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

  async reader(path: string, range?: { start: number; end?: number }): Promise<Readable> {
    // Opened before resolving, so a missing file fails here and not mid-response.
    const fh = await open(this.full(path), 'r');
    // Large reads: a blob GET is a pipe from here to a socket, one pool round trip per read.
    return fh.createReadStream({ highWaterMark: READ_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async move(from: string, to: string): Promise<void> {
    await mkdir(dirname(this.full(to)), { recursive: true, mode: 0o700 });
    await rename(this.full(from), this.full(to));
  }

  async delete(path: string): Promise<void> {
    await rm(this.full(path), { recursive: true, force: true });
    // A blob's own directory goes with its last file.
    await rmdir(dirname(this.full(path))).catch(() => {});
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await readdir(this.full(dir));
    } catch {
      return [];
    }
  }

  async redirectUrl(): Promise<undefined> {
    return undefined;
  }

  async startWrite(path: string): Promise<WriteState> {
    const target = this.full(path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await (await open(target, 'w', 0o600)).close();
    return { path, size: 0 };
  }

  async write(state: WriteState, source: ByteSource, opts: WriteOptions = {}): Promise<WriteState> {
    // Appending: after the cut, every write lands at the end, where the acknowledged bytes stop.
    const fh = await open(this.full(state.path), constants.O_WRONLY | constants.O_APPEND);
    try {
      const { size } = await fh.stat();
      if (size < state.size) throw new Error(`upload ${state.path} holds ${size} bytes, ${state.size} were acknowledged`);
      await fh.truncate(state.size);
      const written = await writeChunks(fh, toAsync(source), opts.onData);
      await fh.sync();
      return { path: state.path, size: state.size + written };
    } finally {
      await fh.close();
    }
  }

  async finishWrite(state: WriteState, source: ByteSource = [], opts?: WriteOptions): Promise<string> {
    await this.write(state, source, opts); // also cuts what a failed write left
    return state.path;
  }

  async abortWrite(): Promise<void> {
    // The file is the whole write: deleting its path is enough.
  }

  async expireWrites(): Promise<number> {
    return 0;
  }
}

async function* toAsync(source: ByteSource): AsyncIterable<Buffer> {
  yield* source;
}
