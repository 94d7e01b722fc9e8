/** Mounting the snapshotter's mounts-as-data. */
import { mkdir, readFile } from 'node:fs/promises';
import type { Mount } from '../snapshots/snapshotter.js';
import { run } from './run.js';
import { MNT_DETACH, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REC, MS_REMOUNT, syscalls } from './syscalls.js';

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

/** A recursive bind mount of source on target, read-only when asked. */
export async function bindMount(source: string, target: string, readOnly: boolean): Promise<void> {
  if (syscalls) {
    syscalls.mount(source, target, '', MS_BIND | MS_REC, '');
    if (readOnly) await remountReadOnly(target);
    return;
  }
  await run('/bin/mount', ['--rbind', source, target]);
  if (readOnly) await remountReadOnly(target);
}

/**
 * Makes the bind mount at target read-only. A `/proc/self/fd/N` target must
 * be opened after the bind: one opened before names what lies beneath it.
 */
export async function remountReadOnly(target: string): Promise<void> {
  if (syscalls) syscalls.mount('', target, '', MS_BIND | MS_REMOUNT | MS_RDONLY, '');
  else await run('/bin/mount', ['-o', 'remount,ro,bind', target]);
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
