/** A `du --apparent-size`-like walk: bytes of files and links (hard links counted once), and inodes. */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Usage } from './snapshotter.js';

export async function diskUsage(dir: string): Promise<Usage> {
  const seen = new Set<number>();
  const usage: Usage = { bytes: 0, inodes: 0 };
  async function walk(path: string): Promise<void> {
    const st = await lstat(path).catch(() => undefined);
    if (!st || seen.has(st.ino)) return;
    seen.add(st.ino);
    usage.inodes++;
    if (!st.isDirectory()) {
      usage.bytes += st.size;
      return;
    }
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names) await walk(join(path, name));
  }
  await walk(dir);
  return usage;
}
