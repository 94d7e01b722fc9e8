/**
 * One daemon per data root and pidfile, as dockerd refuses a second one:
 * two daemons on one exec root would race for the same exit files and
 * mounts. The lock is a pid written to each path; a pid that no longer runs
 * (or is a zombie: this machine's init may not reap) is stale.
 */
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

async function runningPid(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  if (!pid || pid === process.pid) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat && state !== 'Z' ? pid : undefined;
}

/** Claim every path, or throw naming the daemon that holds one. */
export async function claimPidLock(paths: string[]): Promise<() => Promise<void>> {
  for (const path of paths) {
    const pid = await runningPid(path);
    if (pid) {
      throw new Error(`pid file found, ensure quai is not running or delete ${path} (held by process ${pid})`);
    }
  }
  for (const path of paths) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${process.pid}\n`);
  }
  return async () => {
    for (const path of paths) await rm(path, { force: true });
  };
}
