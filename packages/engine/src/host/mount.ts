/** Mounting the snapshotter's mounts-as-data. */
import { mkdir, readFile } from 'node:fs/promises';
import type { Mount } from '../snapshots/snapshotter.js';
import { run } from './run.js';

export async function mountAll(mounts: Mount[], target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const m of mounts) {
    const args = ['-t', m.type];
    if (m.options.length) args.push('-o', m.options.join(','));
    await run('/bin/mount', [...args, m.source, target]);
  }
}

export async function isMounted(target: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').some((line) => line.split(' ')[4] === target);
}

/** Unmount `target` if mounted; lazy, so a busy mount never blocks a stop. */
export async function unmount(target: string): Promise<void> {
  if (await isMounted(target)) await run('/bin/umount', ['-l', target]);
}
