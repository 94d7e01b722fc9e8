/**
 * Blobs and uploads over a StorageDriver, safe with any number of hub
 * nodes sharing one metadata store and one storage:
 *
 * - An upload is a session row (metadata/uploads.ts) holding the driver's
 *   WriteState after the last acknowledged chunk; any node carries it on.
 *   One request writes an upload at a time, across nodes (the lock
 *   `upload:<uuid>`; a node that dies drops its locks with its connection).
 * - Bytes are hashed as they arrive, in the memory of the node that sees
 *   them; a node that did not see every byte hashes the finished upload
 *   again from storage, so the digest is always checked against the bytes.
 * - `commit` verifies the digest, then moves the upload under blobs/ (the
 *   commit point): a crash never leaves a wrong or half blob under a digest.
 * - Making a blob and garbage collection deleting it exclude each other
 *   (the lock `blob:<digest>`), so GC never deletes bytes just committed.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { StorageDriver } from '../storage/storage-driver.js';
import { blobDataPath, uploadDataPath, uploadDir, UPLOADS_DIR } from '../storage/paths.js';
import { withLock, type MetadataStore } from '../metadata/metadata-store.js';
import type { Repos } from '../metadata/repos.js';
import type { UploadSession, UploadSessions } from '../metadata/uploads.js';
import { RegistryError } from './errcode.js';
import { setBounded } from '@quai/common';

interface HashState { hash: Hash; size: number }

/** Running hashes kept (most recent uploads); a miss only costs a re-read at commit. */
const MAX_HASHES = 1000;
const MAX_CACHED_BLOB = 64 * 1024;
const MAX_CACHED_BLOBS = 2048;

function digestOf(hash: Hash): string {
  return `sha256:${hash.copy().digest('hex')}`;
}

export class BlobStore {
  private readonly hashes = new Map<string, HashState>();
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly driver: StorageDriver,
    private readonly repos: Repos,
    private readonly store: MetadataStore,
    private readonly sessions: UploadSessions,
  ) {}

  async size(digest: string): Promise<number | undefined> {
    const known = await this.repos.blobSize(digest);
    if (known !== undefined) return known;
    const st = await this.driver.stat(blobDataPath(digest));
    if (st) await this.repos.recordBlob(digest, st.size);
    return st?.size;
  }

  reader(digest: string, range?: { start: number; end?: number }): Promise<Readable> {
    return this.driver.reader(blobDataPath(digest), range);
  }

  /** Where a client may fetch the blob itself (`--storage-redirect`), or undefined. */
  redirectUrl(digest: string, expiresSeconds: number): Promise<string | undefined> {
    return this.driver.redirectUrl(blobDataPath(digest), expiresSeconds);
  }

  /** Small blobs (manifests), cached: content-addressed bytes never change. */
  async get(digest: string): Promise<Buffer> {
    const cached = this.cache.get(digest);
    if (cached) return cached;
    const bytes = await this.driver.getContent(blobDataPath(digest));
    if (bytes.length <= MAX_CACHED_BLOB) setBounded(this.cache, digest, bytes, MAX_CACHED_BLOBS);
    return bytes;
  }

  // --- uploads

  async startUpload(repo: string): Promise<string> {
    const uuid = randomUUID();
    const state = await this.driver.startWrite(uploadDataPath(uuid));
    await this.sessions.create(uuid, repo, state);
    this.remember(uuid, { hash: createHash('sha256'), size: 0 });
    return uuid;
  }

  /** Bytes acknowledged so far; BLOB_UPLOAD_UNKNOWN when `repo` has no such upload. */
  async uploadSize(repo: string, uuid: string): Promise<number> {
    return (await this.session(repo, uuid)).state.size;
  }

  /** Appends a chunk; `start` (from Content-Range) must equal the acknowledged size. */
  append(repo: string, uuid: string, body: AsyncIterable<Buffer>, start?: number): Promise<number> {
    return this.writing(uuid, async () => {
      const { state } = await this.session(repo, uuid);
      checkStart(start, state.size);
      const running = this.runningHash(uuid, state.size);
      try {
        const next = await this.driver.write(state, body, { onData: running && ((c) => running.hash.update(c)) });
        await this.sessions.save(uuid, next);
        if (running) running.size = next.size;
        return next.size;
      } catch (err) {
        this.hashes.delete(uuid); // it may have seen bytes that were not kept
        throw err;
      }
    });
  }

  /**
   * Writes the last chunk (if any), verifies the whole against `digest` and
   * makes it a blob. The upload ends here, whatever the digest says.
   */
  commit(repo: string, uuid: string, digest: string, last?: AsyncIterable<Buffer>, start?: number): Promise<number> {
    const blobPath = blobDataPath(digest); // DIGEST_INVALID on a malformed digest
    return this.writing(uuid, async () => {
      const { state } = await this.session(repo, uuid);
      checkStart(start, state.size);
      const running = this.runningHash(uuid, state.size);
      let size = state.size;
      let readable: string;
      try {
        readable = await this.driver.finishWrite(state, last, { onData: (c) => { size += c.length; running?.hash.update(c); } });
      } catch (err) {
        this.hashes.delete(uuid);
        throw err;
      }
      try {
        const actual = running ? digestOf(running.hash) : await this.rehash(readable);
        if (actual !== digest) throw new RegistryError('DIGEST_INVALID', `digest mismatch: expected ${digest}, got ${actual}`);
        await this.commitBlob(digest, blobPath, readable, size);
      } finally {
        await this.endUpload(uuid);
      }
      return size;
    });
  }

  cancel(repo: string, uuid: string): Promise<void> {
    return this.writing(uuid, async () => {
      const { state } = await this.session(repo, uuid);
      await this.driver.abortWrite(state);
      await this.endUpload(uuid);
    });
  }

  /**
   * Deletes uploads that received nothing for `idleMs` (a client that
   * vanished mid-push), and what the storage holds for uploads no session
   * knows (a node killed between the two). An upload being written now is
   * left alone. Safe on every node at once. Resolves with how many went.
   */
  async expireUploads(idleMs: number, now = Date.now()): Promise<number> {
    const cutoff = new Date(now - idleMs);
    let expired = 0;
    for (const idle of await this.sessions.idle(cutoff.toISOString())) {
      const release = await this.store.tryLock(`upload:${idle.uuid}`);
      if (!release) continue;
      try {
        const current = await this.sessions.get(idle.uuid);
        if (!current || current.updated >= cutoff.toISOString()) continue;
        await this.driver.abortWrite(current.state);
        await this.endUpload(idle.uuid);
        expired++;
      } finally {
        await release();
      }
    }
    const known = async (uuid: string) => (await this.sessions.get(uuid)) !== undefined;
    expired += await this.driver.expireWrites(cutoff, async (path) => known(path.split('/')[1] ?? ''));
    for (const uuid of await this.driver.list(UPLOADS_DIR)) {
      let dir: string;
      try {
        dir = uploadDir(uuid);
      } catch {
        continue; // not ours
      }
      if (await known(uuid)) continue;
      const times = [];
      for (const name of await this.driver.list(dir)) times.push((await this.driver.stat(`${dir}/${name}`))?.modified.getTime() ?? 0);
      if (times.some((t) => t >= cutoff.getTime())) continue;
      await this.driver.delete(dir);
      expired++;
    }
    return expired;
  }

  /** Small blobs (manifests, small monolithic pushes) already in memory. */
  async putVerified(digest: string, bytes: Buffer): Promise<void> {
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) throw new RegistryError('DIGEST_INVALID', `digest mismatch: expected ${digest}, got ${actual}`);
    const path = blobDataPath(digest);
    await withLock(this.store, `blob:${digest}`, async () => {
      if (!(await this.driver.stat(path))) await this.driver.putContent(path, bytes);
      await this.repos.recordBlob(digest, bytes.length);
    });
  }

  /**
   * Garbage collection of one blob: forgets it and deletes its bytes if no
   * manifest refers to it still (checked under the blob's lock, so a
   * concurrent push of the same digest waits). True when this call deleted it.
   */
  collect(digest: string): Promise<boolean> {
    return withLock(this.store, `blob:${digest}`, async () => {
      if (!(await this.repos.forgetGarbage(digest))) return false;
      this.cache.delete(digest);
      await this.driver.delete(blobDataPath(digest));
      return true;
    });
  }

  private async commitBlob(digest: string, blobPath: string, readable: string, size: number): Promise<void> {
    await withLock(this.store, `blob:${digest}`, async () => {
      if (!(await this.driver.stat(blobPath))) await this.driver.move(readable, blobPath);
      await this.repos.recordBlob(digest, size);
    });
  }

  private async session(repo: string, uuid: string): Promise<UploadSession> {
    uploadDir(uuid); // BLOB_UPLOAD_UNKNOWN for what is no upload id at all
    const session = await this.sessions.get(uuid);
    if (!session || session.repo !== repo) throw new RegistryError('BLOB_UPLOAD_UNKNOWN');
    return session;
  }

  /** One request at a time writes an upload, on whichever node. */
  private async writing<T>(uuid: string, fn: () => Promise<T>): Promise<T> {
    uploadDir(uuid);
    const release = await this.store.tryLock(`upload:${uuid}`);
    if (!release) throw new RegistryError('BLOB_UPLOAD_INVALID', 'another request is writing this upload');
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  /** The running hash, if this node saw every byte so far (a new upload counts). */
  private runningHash(uuid: string, size: number): HashState | undefined {
    const known = this.hashes.get(uuid);
    if (known?.size === size) return known;
    this.hashes.delete(uuid);
    if (size !== 0) return undefined;
    return this.remember(uuid, { hash: createHash('sha256'), size: 0 });
  }

  private remember(uuid: string, state: HashState): HashState {
    setBounded(this.hashes, uuid, state, MAX_HASHES);
    return state;
  }

  private async endUpload(uuid: string): Promise<void> {
    this.hashes.delete(uuid);
    await this.sessions.remove(uuid);
    await this.driver.delete(uploadDir(uuid));
  }

  private async rehash(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of await this.driver.reader(path)) hash.update(chunk as Buffer);
    return digestOf(hash);
  }
}

function checkStart(start: number | undefined, size: number): void {
  if (start !== undefined && start !== size) throw new RegistryError('RANGE_INVALID', `chunk starts at ${start}, upload has ${size} bytes`);
}

