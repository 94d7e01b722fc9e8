/**
 * A layer's file list, read from its blob: gzip is undone on the fly (zstd
 * through Debian's zstd program, which Node 20's zlib lacks), the tar
 * headers are read and every file body skipped, so nothing of the layer is
 * written anywhere and no path from it is ever opened: the paths are only
 * text to show. Bounded by MAX_ENTRIES.
 */
import { spawn } from 'node:child_process';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Relative, without `./`, `/` or a trailing slash: `bin/busybox`. */
  path: string;
  type: EntryType;
  size: number;
  /** Symlink or hard link target. */
  link?: string;
}

export const MAX_ENTRIES = 100_000;

const TYPES: Record<string, EntryType> = { file: 'file', 'contiguous-file': 'file', directory: 'dir', symlink: 'symlink', link: 'hardlink' };

export function normalizeEntryPath(name: string): string {
  return name.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
}

const ZSTD = '/usr/bin/zstd';

/** Lists a layer tar: plain, gzip or zstd. */
export async function listLayer(blob: Readable): Promise<{ entries: LayerEntry[]; truncated: boolean }> {
  const source = await sniff(blob);
  const extract = tar.extract();
  const entries: LayerEntry[] = [];
  let truncated = false;
  extract.on('entry', (header, stream, next) => {
    const path = normalizeEntryPath(header.name);
    if (path && entries.length < MAX_ENTRIES) {
      const type = TYPES[header.type ?? 'file'] ?? 'other';
      entries.push({ path, type, size: type === 'file' ? header.size ?? 0 : 0, ...(header.linkname ? { link: header.linkname } : {}) });
    } else if (path) {
      truncated = true;
    }
    stream.on('end', () => next());
    stream.resume();
  });
  if (source.compression === 'gzip') await pipeline(source.stream, createGunzip(), extract);
  else if (source.compression === 'zstd') await unzstd(source.stream, extract);
  else await pipeline(source.stream, extract);
  return { entries, truncated };
}

/** `source` through `zstd -d` into `sink`; a corrupt frame fails with zstd's own words. */
async function unzstd(source: Readable, sink: NodeJS.WritableStream): Promise<void> {
  const child = spawn(ZSTD, ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`zstd-compressed layer: ${err.message}`)));
    child.once('close', (code) => resolve(code));
  });
  try {
    await Promise.all([pipeline(source, child.stdin), pipeline(child.stdout, sink as NodeJS.WritableStream)]);
  } catch (err) {
    child.kill();
    await exited.catch(() => undefined);
    throw stderr.trim() ? new Error(`zstd: ${stderr.trim()}`) : err;
  }
  const code = await exited;
  if (code !== 0) throw new Error(`zstd: ${stderr.trim() || `exit status ${code}`}`);
}

/** Reads the first bytes to tell gzip, zstd and plain tar apart, then hands the whole stream on. */
async function sniff(blob: Readable): Promise<{ stream: Readable; compression: 'gzip' | 'zstd' | 'none' }> {
  const head: Buffer[] = [];
  let have = 0;
  const it = blob[Symbol.asyncIterator]();
  while (have < 4) {
    const { value, done } = await it.next();
    if (done) break;
    head.push(value as Buffer);
    have += (value as Buffer).length;
  }
  const first = Buffer.concat(head);
  const rest = new PassThrough();
  rest.write(first);
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await it.next();
        if (done) break;
        if (!rest.write(value)) await new Promise((r) => rest.once('drain', r));
      }
      rest.end();
    } catch (err) {
      rest.destroy(err as Error);
    }
  })();
  const zstd = first[0] === 0x28 && first[1] === 0xb5 && first[2] === 0x2f && first[3] === 0xfd;
  return { stream: rest, compression: first[0] === 0x1f && first[1] === 0x8b ? 'gzip' : zstd ? 'zstd' : 'none' };
}

