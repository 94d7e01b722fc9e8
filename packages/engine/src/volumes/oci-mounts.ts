/**
 * At start: make each mount point ready (mount `-o device` volumes, fill an
 * empty volume from the image's content at that path, as Docker does) and
 * turn them into OCI spec mounts, parents before children.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../host/run.js';
import type { MountPoint } from './volume-record.js';
import type { VolumeService } from './volume-service.js';

export interface OciMount { destination: string; type: string; source: string; options: string[] }

export async function prepareMounts(volumes: VolumeService, mounts: MountPoint[], rootfs: string): Promise<OciMount[]> {
  const out: OciMount[] = [];
  for (const m of [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination))) {
    if (m.type === 'tmpfs') {
      out.push({ destination: m.destination, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', ...(m.options ?? []), m.rw ? 'rw' : 'ro'] });
      continue;
    }
    let source = m.source;
    if (m.type === 'volume' && m.name) {
      source = await volumes.mount(m.name);
      if (!m.noCopy) await copyUp(join(rootfs, m.destination), source, () => volumes.isEmpty(m.name!));
    }
    out.push({ destination: m.destination, type: 'bind', source, options: ['rbind', m.propagation || 'rprivate', m.rw ? 'rw' : 'ro'] });
  }
  return out;
}

/** Copy the image's files at the mount path into an empty volume (owners, modes kept). */
async function copyUp(from: string, to: string, isEmpty: () => Promise<boolean>): Promise<void> {
  const st = await stat(from).catch(() => undefined);
  if (!st?.isDirectory() || !(await isEmpty())) return;
  if ((await readdir(from)).length === 0) return;
  await run('/bin/cp', ['-a', `${from}/.`, `${to}/`]);
}

const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Docker's inspect `Mounts` entry. */
export function mountPointJson(m: MountPoint): Record<string, unknown> {
  if (m.type === 'volume') {
    return { Type: 'volume', Name: m.name, Source: m.source, Destination: m.destination, Driver: 'local', Mode: m.mode, RW: m.rw, Propagation: m.propagation };
  }
  return { Type: m.type, Source: m.source, Destination: m.destination, Mode: m.mode, RW: m.rw, Propagation: m.propagation };
}
