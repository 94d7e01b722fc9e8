/**
 * The legacy builder's cache: a step's result is found by its parent image
 * and what the step is. The key hashes the parent id, the history line
 * (which for RUN holds the command and the build args it sees, for COPY the
 * files' content hash) and the whole runtime config, so an ENV or ARG
 * change upstream reaches every later step. Kept in <dataRoot>/builder/cache.json.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ContainerConfigOfImage } from '@quai/common';
import { readJson, writeJsonAtomic } from '@quai/engine';

export function cacheKey(parentId: string, createdBy: string, config: ContainerConfigOfImage): string {
  return createHash('sha256').update(JSON.stringify([parentId, createdBy, config])).digest('hex');
}

export class BuildCache {
  private entries?: Record<string, string>;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly dataRoot: string) {}

  private file(): string { return join(this.dataRoot, 'builder', 'cache.json'); }

  private async load(): Promise<Record<string, string>> {
    this.entries ??= (await readJson<Record<string, string>>(this.file())) ?? {};
    return this.entries;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.load())[key];
  }

  async put(key: string, imageId: string): Promise<void> {
    (await this.load())[key] = imageId;
    const write = () => writeJsonAtomic(this.file(), this.entries);
    this.writes = this.writes.then(write, write);
    await this.writes;
  }

  /** Every entry: cache key → image id (`system df`, `builder prune`). */
  async list(): Promise<Array<[string, string]>> {
    return Object.entries(await this.load());
  }

  /** Drops entries whose image is gone (or all); returns how many. */
  async prune(keep: (imageId: string, key: string) => boolean): Promise<number> {
    const entries = await this.load();
    let n = 0;
    for (const [k, id] of Object.entries(entries)) if (!keep(id, k)) { delete entries[k]; n++; }
    await writeJsonAtomic(this.file(), entries);
    return n;
  }
}
