/**
 * Copies a stream of chunks into an open file a megabyte per write, with one
 * write in flight while the next megabyte arrives. Sockets, gunzip and tar
 * entries hand out 16–64 KiB at a time; a thread-pool round trip for each
 * was most of the time of a layer's unpack and a blob's upload.
 *
 *   const size = await writeChunks(handle, request, (c) => hash.update(c));
 */
import type { FileHandle } from 'node:fs/promises';

const BATCH = 1024 * 1024;

/** Bytes written; `onChunk` sees every chunk in order before it is written. */
export async function writeChunks(file: FileHandle, source: AsyncIterable<Buffer | Uint8Array>, onChunk?: (chunk: Buffer) => void): Promise<number> {
  let writing: Promise<unknown> = Promise.resolve();
  let batch: Buffer[] = [];
  let batched = 0;
  let total = 0;
  const flush = async () => {
    await writing;
    const data = batch;
    [batch, batched] = [[], 0];
    writing = file.writev(data); // vectored: no copy into one buffer
    writing.catch(() => undefined); // thrown where it is awaited: the next flush or the end
  };
  try {
    for await (const raw of source) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      onChunk?.(chunk);
      batch.push(chunk);
      batched += chunk.length;
      total += chunk.length;
      if (batched >= BATCH) await flush();
    }
    if (batched) await flush();
    await writing;
    return total;
  } finally {
    await writing.catch(() => undefined); // the caller closes the file: never under a write
  }
}
