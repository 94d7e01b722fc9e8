/**
 * Content-addressed blob storage (containerd's content store, reduced).
 * Blobs are named by the sha256 of their bytes:
 *
 *   write(expected?, source)  stream into ingest/<random>, hashing as bytes
 *                             arrive; verify against `expected`; fsync;
 *                             rename into blobs/sha256/<hex>.
 *
 * The rename is the commit point: after kill -9 a blob is either complete
 * under its digest or an orphan temp file in ingest/ (swept on first use).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InvalidArgumentError, NotFoundError, digestHex, isDigest, writeChunks } from '@quai/common';
import { blobPath, blobsDir, ingestDir, type EnginePaths } from '../paths.js';
import { makeDirs } from '../host/make-dirs.js';

export interface ContentInfo {
  digest: string;
  size: number;
}

export interface ContentStore {
  has(digest: string): Promise<boolean>;
  /** Where the blob lives on disk (it may not exist). */
  path(digest: string): string;
  get(digest: string): Promise<Buffer>;
  /** Size of a stored blob; NotFoundError when absent. */
  info(digest: string): Promise<ContentInfo>;
  reader(digest: string): Readable;
  /** Store a blob; with `expectedDigest`, a mismatch throws InvalidArgumentError and stores nothing. */
  write(expectedDigest: string | undefined, source: Readable | Buffer): Promise<ContentInfo>;
  delete(digest: string): Promise<void>;
  list(): Promise<ContentInfo[]>;
}

export class FsContentStore implements ContentStore {
  private ready?: Promise<void>;

  constructor(private readonly paths: EnginePaths) {}

  /** Sweeps temp files a crash left behind, once, before the first write. */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      await rm(ingestDir(this.paths), { recursive: true, force: true });
      await makeDirs(ingestDir(this.paths));
      await makeDirs(blobsDir(this.paths));
    })();
    return this.ready;
  }

  path(digest: string): string {
    if (!isDigest(digest)) throw new InvalidArgumentError(`invalid digest: ${digest}`);
    return blobPath(this.paths, digest);
  }

  async has(digest: string): Promise<boolean> {
    try {
      return (await stat(this.path(digest))).isFile();
    } catch {
      return false;
    }
  }

  async get(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`content ${digest}: not found`);
      throw err;
    }
  }

  async info(digest: string): Promise<ContentInfo> {
    try {
      return { digest, size: (await stat(this.path(digest))).size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`content ${digest}: not found`);
      throw err;
    }
  }

  reader(digest: string): Readable {
    return createReadStream(this.path(digest), { highWaterMark: 1024 * 1024 });
  }

  async write(expectedDigest: string | undefined, source: Readable | Buffer): Promise<ContentInfo> {
    if (expectedDigest !== undefined && !isDigest(expectedDigest)) {
      throw new InvalidArgumentError(`invalid digest: ${expectedDigest}`);
    }
    await this.init();
    const tmp = join(ingestDir(this.paths), randomBytes(8).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(tmp, 'w', 0o644);
    try {
      const chunks = Buffer.isBuffer(source) ? [source] : source;
      size = await writeChunks(handle, chunks as AsyncIterable<Buffer>, (chunk) => hash.update(chunk));
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await handle.close();
    const digest = `sha256:${hash.digest('hex')}`;
    if (expectedDigest !== undefined && digest !== expectedDigest) {
      await unlink(tmp).catch(() => {});
      throw new InvalidArgumentError(`digest mismatch: expected ${expectedDigest}, got ${digest}`);
    }
    await rename(tmp, this.path(digest));
    return { digest, size };
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  async list(): Promise<ContentInfo[]> {
    let names: string[];
    try {
      names = await readdir(blobsDir(this.paths));
    } catch {
      return [];
    }
    const out: ContentInfo[] = [];
    for (const hex of names) {
      const digest = `sha256:${digestHex(hex)}`;
      if (!isDigest(digest)) continue;
      const st = await stat(this.path(digest)).catch(() => undefined);
      if (st?.isFile()) out.push({ digest, size: st.size });
    }
    return out;
  }
}
