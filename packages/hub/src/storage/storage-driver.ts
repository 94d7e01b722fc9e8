/**
 * Where the hub keeps bytes: a flat key space of slash-separated paths, as
 * distribution's storagedriver. Paths come only from storage/paths.ts, never
 * from a request, so a driver need not defend against `..`.
 *
 *   putContent(p, bytes)   whole small objects (manifests), atomic
 *   append(p, source)      grow an upload; returns the new size
 *   move(from, to)         the commit point of an upload: after a crash the
 *                          blob is either whole under its digest or absent
 *   reader(p, {start,end}) byte ranges, inclusive end as HTTP's Range
 *
 * FsStorageDriver maps paths under a root directory; an S3-compatible driver
 * would map them to object keys (append → multipart upload parts).
 */
import type { Readable } from 'node:stream';

export interface StatInfo {
  size: number;
  modified: Date;
}

export interface StorageDriver {
  stat(path: string): Promise<StatInfo | undefined>;
  getContent(path: string): Promise<Buffer>;
  putContent(path: string, data: Buffer): Promise<void>;
  reader(path: string, range?: { start: number; end?: number }): Readable;
  /** Appends the stream to `path` (created if absent); resolves with the new size. */
  append(path: string, source: AsyncIterable<Buffer>, onChunk?: (chunk: Buffer) => void): Promise<number>;
  move(from: string, to: string): Promise<void>;
  /** Deletes a file or a whole directory; absent is fine. */
  delete(path: string): Promise<void>;
  /** Names directly under a directory ([] when absent). */
  list(path: string): Promise<string[]>;
}
