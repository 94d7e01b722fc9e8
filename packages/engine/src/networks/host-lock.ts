/**
 * A lock across every daemon on the host, held while one picks a subnet
 * and brings its bridge up: two daemons starting at once would otherwise
 * both see the same free subnet. mkdir is atomic; a lock older than 10 s
 * is from a daemon that died holding it.
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';

const LOCK = '/run/lock/quai-subnets.lock';
const STALE_MS = 10_000;

export async function withHostLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir('/run/lock', { recursive: true });
  for (let i = 0; ; i++) {
    try {
      await mkdir(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await stat(LOCK).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_MS) await rmdir(LOCK).catch(() => {});
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK).catch(() => {});
  }
}
