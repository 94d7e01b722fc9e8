/**
 * Where the hub keeps bytes: a flat key space of slash-separated paths, as
 * distribution's storagedriver. Paths come only from storage/paths.ts, never
 * from a request, so a driver need not defend against `..`. Two drivers run
 * the same contract suite (storage-driver.suite.ts): FsStorageDriver (files
 * under a directory) and S3StorageDriver (objects in a bucket, keyed by the
 * same paths).
 *
 * Whole objects:
 *
 *   putContent(p, bytes)    small objects (manifests); atomic: whole or absent
 *   getContent(p), stat(p)
 *   reader(p, {start,end})  a byte range, inclusive end as HTTP's Range
 *   move(from, to)          the commit point of an upload: `to` appears whole
 *                           (rename; on S3 a server-side copy, then a delete)
 *   delete(p)               the object p and everything under p/; absent is fine
 *   list(dir)               names directly under dir/, every page of them
 *   redirectUrl(p, secs)    a URL a client may GET p from itself (S3: presigned)
 *
 * Writes in pieces (blob uploads). Their progress is a WriteState, plain
 * JSON that the caller keeps between requests (the hub keeps it in the
 * metadata store, so the next piece may arrive at another hub node):
 *
 *   let w = await driver.startWrite('uploads/<uuid>/data')   // { path, size: 0 }
 *   w = await driver.write(w, request1)                       // size grows
 *   w = await driver.write(w, request2)                       // here or on another node
 *   const done = await driver.finishWrite(w)                  // a path holding every byte
 *   await driver.move(done, 'blobs/sha256/ab/ab12.../data')
 *   await driver.delete('uploads/<uuid>')                     // what the write left
 *
 * A write that fails half way (a client gone, a process killed) leaves the
 * state it started from valid: the next write from that state replaces
 * whatever the failed one left. Bytes are acknowledged to the client only
 * once the new state is kept, so nothing acknowledged is ever lost.
 * FsStorageDriver appends to a file (cut back to the state's size first);
 * S3StorageDriver sends the bytes as parts of a multipart upload.
 */
import type { Readable } from 'node:stream';

export interface StatInfo {
  size: number;
  modified: Date;
}

/** A write in progress: JSON only. `size` is every byte written so far. */
export interface WriteState {
  path: string;
  size: number;
  /** What the driver needs to carry on (S3: the multipart upload, its parts). */
  [driverField: string]: unknown;
}

/** Bytes to write: a request, or chunks at hand. */
export type ByteSource = AsyncIterable<Buffer> | Iterable<Buffer>;

export interface WriteOptions {
  /** Sees every new byte once, in order (the caller hashes them). */
  onData?: (chunk: Buffer) => void;
}

export interface StorageDriver {
  /** For logs: `filesystem /var/lib/quai-hub/storage`, `s3 bucket at http://...`. */
  readonly description: string;
  stat(path: string): Promise<StatInfo | undefined>;
  getContent(path: string): Promise<Buffer>;
  putContent(path: string, data: Buffer): Promise<void>;
  reader(path: string, range?: { start: number; end?: number }): Promise<Readable>;
  move(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  /** A URL that serves `path` for `expiresSeconds` without the hub, or undefined when the driver has none. */
  redirectUrl(path: string, expiresSeconds: number): Promise<string | undefined>;

  startWrite(path: string): Promise<WriteState>;
  /** Appends `source`; resolves with the state to keep. */
  write(state: WriteState, source: ByteSource, opts?: WriteOptions): Promise<WriteState>;
  /**
   * Appends `source` (when given) as the last bytes and ends the write.
   * Resolves with a path that reads as all the bytes written, for move().
   */
  finishWrite(state: WriteState, source?: ByteSource, opts?: WriteOptions): Promise<string>;
  /** Drops what a write holds outside its path (S3: the multipart upload). */
  abortWrite(state: WriteState): Promise<void>;
  /**
   * Ends writes the driver still holds outside any path (S3: multipart
   * uploads) that started before `olderThan` and whose path `isLive` denies:
   * a client or a node that vanished mid-push. Resolves with how many.
   */
  expireWrites(olderThan: Date, isLive: (path: string) => Promise<boolean>): Promise<number>;
}

