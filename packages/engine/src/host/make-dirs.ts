/**
 * `mkdir -p` that says why it failed. Node's recursive mkdir stats the path
 * after any failure and reports that stat's ENOENT instead: on a full disk
 * every create would say "no such file or directory". Here a failed
 * recursive mkdir is walked again one level at a time, so the error is the
 * kernel's (ENOSPC, EDQUOT, EACCES...).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function makeDirs(path: string, mode?: number): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await makeEachLevel(path, mode);
  }
}

async function makeEachLevel(path: string, mode?: number): Promise<void> {
  try {
    await mkdir(path, { mode });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(path) === path) throw err;
    await makeEachLevel(dirname(path), mode);
    await mkdir(path, { mode }).catch((again: NodeJS.ErrnoException) => { if (again.code !== 'EEXIST') throw again; });
  }
}
