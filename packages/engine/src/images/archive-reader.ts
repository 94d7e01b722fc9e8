/**
 * Reads an image archive (`docker save` / OCI layout tar) in one pass.
 * Blobs go straight into the content store (verified when their name is a
 * digest); small files (index.json, manifest.json, legacy configs) are kept
 * in memory until the archive has been read.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { InvalidArgumentError } from '@quai/common';
import type { ContentStore } from '../content/content-store.js';
import { clientTarError } from '../content/tar-error.js';

const SMALL = 1024 * 1024;
const BLOB_PATH = /^blobs\/sha256\/([a-f0-9]{64})$/;

export class ArchiveFiles {
  private readonly small = new Map<string, Buffer>();
  private readonly blobs = new Map<string, string>();
  private readonly links = new Map<string, string>();

  constructor(private readonly content: ContentStore) {}

  static async read(content: ContentStore, archive: Readable): Promise<ArchiveFiles> {
    const files = new ArchiveFiles(content);
    const extract = tar.extract();
    archive.on('error', (err) => extract.destroy(err));
    archive.pipe(extract as unknown as NodeJS.WritableStream);
    try {
      await files.readEntries(extract);
    } catch (err) {
      throw clientTarError(err);
    }
    return files;
  }

  private async readEntries(extract: tar.Extract): Promise<void> {
    for await (const entry of extract) {
      const name = clean(entry.header.name);
      if (entry.header.type === 'symlink') {
        this.links.set(name, clean(posix.join(posix.dirname(name), entry.header.linkname)));
      } else if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        await this.take(name, entry.header.size, entry as unknown as Readable);
      }
      entry.resume();
    }
  }

  private async take(name: string, size: number, entry: Readable): Promise<void> {
    const blob = BLOB_PATH.exec(name);
    if (blob) {
      const digest = `sha256:${blob[1]}`;
      if (await this.content.has(digest)) entry.resume();
      else await this.content.write(digest, entry);
      this.blobs.set(name, digest);
    } else if (size <= SMALL) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      this.small.set(name, Buffer.concat(chunks));
    } else {
      this.blobs.set(name, (await this.content.write(undefined, entry)).digest);
    }
  }

  private resolve(path: string): string {
    let p = clean(path);
    for (let hops = 0; this.links.has(p) && hops < 10; hops++) p = this.links.get(p)!;
    return p;
  }

  /** Every file's path (links not followed). */
  paths(): string[] {
    return [...this.small.keys(), ...this.blobs.keys()];
  }

  has(path: string): boolean {
    const p = this.resolve(path);
    return this.small.has(p) || this.blobs.has(p);
  }

  async get(path: string): Promise<Buffer> {
    const p = this.resolve(path);
    const small = this.small.get(p);
    if (small) return small;
    const digest = this.blobs.get(p);
    if (!digest) throw new InvalidArgumentError(`invalid archive: ${path} is missing`);
    return this.content.get(digest);
  }

  /** The file as a blob in the content store (written there if it was kept in memory). */
  async blob(path: string): Promise<string> {
    const p = this.resolve(path);
    const known = this.blobs.get(p);
    if (known) return known;
    const small = this.small.get(p);
    if (!small) throw new InvalidArgumentError(`invalid archive: ${path} is missing`);
    const { digest } = await this.content.write(undefined, small);
    this.blobs.set(p, digest);
    return digest;
  }
}

function clean(name: string): string {
  return posix.normalize(name).replace(/^(\.\/|\/)+/, '').replace(/\/$/, '');
}

