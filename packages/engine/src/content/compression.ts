/**
 * Layer and archive compression, told by magic bytes rather than trusted
 * media types or file names (docker import and legacy archives carry none).
 * gzip is inflated in process (zlib); bzip2, xz and zstd by Debian's own
 * decompressors as child processes, streaming, as dockerd runs `xz -d`
 * (pkg/archive): C code that is fast and kept up to date by Debian.
 */
import { PassThrough, Readable, Transform, type Duplex, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { InvalidArgumentError } from '@quai/common';
import { spawnProcess } from '../host/spawn.js';

export type Compression = 'none' | 'gzip' | 'zstd' | 'bzip2' | 'xz';

export function detectCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  return 'none';
}

export async function fileCompression(path: string): Promise<Compression> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    return bytesRead >= 4 ? detectCompression(head.subarray(0, bytesRead)) : 'none';
  } finally {
    await handle.close();
  }
}

/** Reads the first bytes of `source` and hands back the compression plus an equivalent stream. */
export async function sniff(source: Readable): Promise<{ compression: Compression; stream: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 6) {
    const r = await it.next();
    if (r.done) break;
    head = Buffer.concat([head, Buffer.from(r.value)]);
  }
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield Buffer.from(r.value);
  }
  return { compression: head.length >= 4 ? detectCompression(head) : 'none', stream: Readable.from(replay(), { objectMode: false }) };
}

const DECOMPRESSORS: Record<'bzip2' | 'xz' | 'zstd', [string, string[]]> = {
  bzip2: ['/usr/bin/bzip2', ['-d', '-c', '-q']],
  xz: ['/usr/bin/xz', ['-d', '-c', '-q']],
  zstd: ['/usr/bin/zstd', ['-d', '-c', '-q']],
};

/** `source` uncompressed, whichever of gzip, bzip2, xz or zstd it is in. */
export async function decompressed(source: Readable): Promise<Readable> {
  const { compression, stream } = await sniff(source);
  if (compression === 'none') return stream;
  if (compression === 'gzip') return chain(stream, createGunzip({ chunkSize: 256 * 1024 })); // zlib's 16 KiB default: four times the round trips
  const [file, args] = DECOMPRESSORS[compression];
  return throughProgram(stream, file, args);
}

/**
 * `source` through a decompressor's stdin; its stdout is the result. A
 * failure (corrupt or truncated input) ends the result with the program's
 * own message; a reader that stops early stops the program.
 */
function throughProgram(source: Readable, file: string, args: string[]): Readable {
  const name = file.split('/').pop()!;
  const out = new PassThrough();
  let child: ReturnType<typeof spawnProcess>;
  try {
    child = spawnProcess(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    out.destroy(new InvalidArgumentError(`${name} is needed to read this archive: ${(err as Error).message}`));
    return out;
  }
  const [stdin, stdout, stderr] = child.stdio as [Duplex, Duplex, Duplex];
  let message = '';
  stderr.on('data', (c: Buffer) => { message += c; });
  stdin.on('error', () => {}); // the program may stop reading first; its exit says why
  source.on('error', (err) => { out.destroy(err); child.kill('SIGKILL'); });
  source.pipe(stdin);
  stdout.pipe(out, { end: false });
  const drained = new Promise((resolve) => stdout.on('close', resolve));
  void Promise.all([child.exited, drained]).then(([status]) => {
    if (status.code === 0) out.end();
    else out.destroy(new InvalidArgumentError(`${name}: ${message.trim() || `exit status ${status.code ?? status.signal}`}`));
  });
  out.on('close', () => child.kill('SIGKILL'));
  return out;
}

/** Pipes `first` through `rest` and returns the last stream; an error anywhere destroys it. */
export function chain(first: Readable, ...rest: Transform[]): Readable {
  let prev: Readable = first;
  for (const next of rest) {
    prev.on('error', (err) => next.destroy(err));
    prev = prev.pipe(next);
  }
  return prev;
}

/** A pass-through that fails at the end when the bytes do not hash to `expected`. */
export function digestVerifier(expected: string, what = 'content'): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== expected) cb(new InvalidArgumentError(`${what}: digest mismatch: expected ${expected}, got ${got}`));
      else cb();
    },
  });
}
