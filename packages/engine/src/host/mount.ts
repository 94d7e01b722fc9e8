/** Mounting the snapshotter's mounts-as-data. */
import { mkdir, readFile } from 'node:fs/promises';
import type { Mount } from '../snapshots/snapshotter.js';
import { run } from './run.js';
import { MNT_DETACH, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, syscalls } from './syscalls.js';

const FLAG_OPTIONS: Record<string, number> = { ro: MS_RDONLY, nosuid: MS_NOSUID, nodev: MS_NODEV, noexec: MS_NOEXEC };

export async function mountAll(mounts: Mount[], target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const m of mounts) {
    if (syscalls) {
      const flags = m.options.reduce((f, o) => f | (FLAG_OPTIONS[o] ?? 0), 0);
      const data = m.options.filter((o) => !(o in FLAG_OPTIONS)).join(',');
      syscalls.mount(m.source, target, m.type, flags, data);
      continue;
    }
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
  if (!(await isMounted(target))) return;
  if (syscalls) syscalls.umount2(target, MNT_DETACH);
  else await run('/bin/umount', ['-l', target]);
}
