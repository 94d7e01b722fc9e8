/**
 * Room kept aside in the data root for a full disk. Stopping a container,
 * removing one, removing an image and the daemon's own start-up all write
 * small records, each by copy-and-rename so the old one stays whole until
 * the new one is complete; on a full disk those writes fail, and then
 * nothing could be cleaned up through the API. So the engine keeps
 * `<dataRoot>/reserved-space` (8 MiB): a write that replaces an existing
 * record and hits ENOSPC deletes it and tries again (atomic-file.ts). New
 * records never use it, so create, pull and build still fail with "no space
 * left on device". It is written again once there is room for it twice over.
 */
import { open, rename, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnginePaths } from '../paths.js';

const RESERVE_BYTES = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** At most one refill attempt this often (each costs a statfs, and a write when there is room). */
const REFILL_INTERVAL_MS = 10_000;

export const isNoSpace = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException)?.code ?? '');

export class DiskReserve {
  private lastRefill = 0;
  private refilling?: Promise<void>;

  constructor(private readonly dir: string, private readonly bytes = RESERVE_BYTES) {}

  get path(): string { return join(this.dir, 'reserved-space'); }

  /** Give the room back to the file system; false when there was none to give. */
  async release(): Promise<boolean> {
    const had = await stat(this.path).then(() => true, () => false);
    await rm(this.path, { force: true });
    this.lastRefill = Date.now(); // not straight back: the writes that needed it come first
    return had;
  }

  /** Run `write`; when the disk is full, give the reserve back and run it once more. */
  async retryWhenFull<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!isNoSpace(err) || !(await this.release())) throw err;
      return write();
    }
  }

  /** Write the reserve if it is missing and the disk has room for it twice over. */
  refill(): Promise<void> {
    this.refilling ??= this.write().finally(() => { this.refilling = undefined; });
    return this.refilling;
  }

  /** refill(), at most once per interval, in the background. */
  refillSoon(): void {
    if (Date.now() - this.lastRefill < REFILL_INTERVAL_MS) return;
    this.lastRefill = Date.now();
    this.refill().catch(() => {});
  }

  private async write(): Promise<void> {
    if ((await stat(this.path).catch(() => undefined))?.size === this.bytes) return;
    const fs = await statfs(this.dir).catch(() => undefined);
    if (!fs || fs.bavail * fs.bsize < 2 * this.bytes) return;
    const tmp = `${this.path}.tmp`;
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        const zeros = Buffer.alloc(CHUNK);
        for (let written = 0; written < this.bytes; written += CHUNK) await handle.write(zeros, 0, Math.min(CHUNK, this.bytes - written));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch {
      await rm(tmp, { force: true });
    }
  }
}

const reserves = new Map<string, DiskReserve>();

/** The reserve of a data root (one per root, shared by every store writing there). */
export function diskReserve(paths: Pick<EnginePaths, 'dataRoot'>): DiskReserve {
  let reserve = reserves.get(paths.dataRoot);
  if (!reserve) reserves.set(paths.dataRoot, (reserve = new DiskReserve(paths.dataRoot)));
  return reserve;
}
