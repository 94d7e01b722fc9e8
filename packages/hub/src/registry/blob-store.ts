/**
 * Blobs and uploads over a StorageDriver. An upload grows in
 * uploads/<uuid>/data, hashed as bytes arrive; `commit` compares the digest
 * and only then moves the file under blobs/ (the commit point). A crash
 * mid-upload leaves an upload directory, never a wrong blob.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StorageDriver } from '../storage/storage-driver.js';
import { blobDataPath, uploadDataPath, uploadDir, UPLOADS_DIR } from '../storage/paths.js';
import type { Repos } from '../metadata/repos.js';
import { RegistryError } from './errcode.js';

interface HashState { hash: Hash; size: number }

export class BlobStore {
  /** Running hashes of uploads this process has seen from the start. */
  private readonly hashes = new Map<string, HashState>();
  private readonly busy = new Set<string>();
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly driver: StorageDriver, private readonly repos: Repos) {}

  async size(digest: string): Promise<number | undefined> {
    const known = await this.repos.blobSize(digest);
    if (known !== undefined) return known;
    const st = await this.driver.stat(blobDataPath(digest));
    if (st) await this.repos.recordBlob(digest, st.size);
    return st?.size;
  }

  reader(digest: string, range?: { start: number; end?: number }): Readable {
    return this.driver.reader(blobDataPath(digest), range);
  }

  /** Small blobs (manifests), cached: content-addressed bytes never change. */
  async get(digest: string): Promise<Buffer> {
    const cached = this.cache.get(digest);
    if (cached) return cached;
    const bytes = await this.driver.getContent(blobDataPath(digest));
    if (bytes.length <= 64 * 1024) {
      if (this.cache.size >= 2048) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(digest, bytes);
    }
    return bytes;
  }

  async startUpload(): Promise<string> {
    const uuid = randomUUID();
    await this.driver.putContent(`${uploadDir(uuid)}/startedat`, Buffer.from(new Date().toISOString()));
    this.hashes.set(uuid, { hash: createHash('sha256'), size: 0 });
    return uuid;
  }

  /** Bytes received so far; BLOB_UPLOAD_UNKNOWN when there is no such upload. */
  async uploadSize(uuid: string): Promise<number> {
    if (!(await this.driver.stat(`${uploadDir(uuid)}/startedat`))) throw new RegistryError('BLOB_UPLOAD_UNKNOWN');
    return (await this.driver.stat(uploadDataPath(uuid)))?.size ?? 0;
  }

  /** Appends a chunk; `start` (from Content-Range) must equal the current size. */
  async append(uuid: string, body: AsyncIterable<Buffer>, start?: number): Promise<number> {
    const size = await this.uploadSize(uuid);
    if (start !== undefined && start !== size) throw new RegistryError('RANGE_INVALID', `chunk starts at ${start}, upload has ${size} bytes`);
    if (this.busy.has(uuid)) throw new RegistryError('BLOB_UPLOAD_INVALID', 'another request is writing this upload');
    this.busy.add(uuid);
    try {
      let state = this.hashes.get(uuid);
      if (state && state.size !== size) { this.hashes.delete(uuid); state = undefined; }
      const newSize = await this.driver.append(uploadDataPath(uuid), body, state ? (c) => state!.hash.update(c) : undefined);
      if (state) state.size = newSize;
      return newSize;
    } catch (err) {
      this.hashes.delete(uuid); // the file may hold a partial chunk now
      throw err;
    } finally {
      this.busy.delete(uuid);
    }
  }

  /** Verifies the upload against `digest` and makes it a blob; the upload is gone afterwards. */
  async commit(uuid: string, digest: string): Promise<number> {
    const size = await this.uploadSize(uuid);
    const path = blobDataPath(digest); // DIGEST_INVALID on a malformed digest
    let actual: string;
    const state = this.hashes.get(uuid);
    if (state && state.size === size) actual = `sha256:${state.hash.copy().digest('hex')}`;
    else actual = size === 0 ? `sha256:${createHash('sha256').digest('hex')}` : await this.rehash(uuid);
    if (actual !== digest) throw new RegistryError('DIGEST_INVALID', `digest mismatch: expected ${digest}, got ${actual}`);
    if (!(await this.driver.stat(path))) {
      if (size === 0) await this.driver.putContent(path, Buffer.alloc(0));
      else await this.driver.move(uploadDataPath(uuid), path);
    }
    await this.repos.recordBlob(digest, size);
    await this.cancel(uuid);
    return size;
  }

  /**
   * Deletes uploads that received nothing for `idleMs` (a client that
   * vanished mid-push): their bytes would otherwise stay until a DELETE
   * that never comes. An upload being written right now is left alone.
   */
  async expireUploads(idleMs: number, now = Date.now()): Promise<string[]> {
    const expired: string[] = [];
    for (const uuid of await this.driver.list(UPLOADS_DIR)) {
      if (this.busy.has(uuid)) continue;
      let dir: string;
      try {
        dir = uploadDir(uuid);
      } catch {
        continue; // not ours (a stray name under uploads/)
      }
      const times = [await this.driver.stat(`${dir}/startedat`), await this.driver.stat(uploadDataPath(uuid))]
        .filter((s) => s !== undefined).map((s) => s.modified.getTime());
      if (times.length && now - Math.max(...times) <= idleMs) continue;
      await this.cancel(uuid);
      expired.push(uuid);
    }
    return expired;
  }

  async cancel(uuid: string): Promise<void> {
    this.hashes.delete(uuid);
    await this.driver.delete(uploadDir(uuid));
  }

  /** Small blobs (manifests) whose digest was computed by the caller. */
  async putVerified(digest: string, bytes: Buffer): Promise<void> {
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) throw new RegistryError('DIGEST_INVALID', `digest mismatch: expected ${digest}, got ${actual}`);
    if (!(await this.driver.stat(blobDataPath(digest)))) await this.driver.putContent(blobDataPath(digest), bytes);
    await this.repos.recordBlob(digest, bytes.length);
  }

  async deleteBlob(digest: string): Promise<void> {
    this.cache.delete(digest);
    await this.driver.delete(blobDataPath(digest).replace(/\/data$/, ''));
  }

  private async rehash(uuid: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.driver.reader(uploadDataPath(uuid))) hash.update(chunk as Buffer);
    return `sha256:${hash.digest('hex')}`;
  }
}
