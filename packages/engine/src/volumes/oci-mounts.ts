/**
 * At start: make each mount point ready (mount `-o device` volumes, fill an
 * empty volume from the image's content at that path, as Docker does) and
 * turn them into OCI spec mounts, parents before children.
 */
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { copyTree } from '../archive/copy-tree.js';
import { withRoot, type InRoot } from '../host/in-root.js';
import type { MountPoint } from './volume-record.js';
import type { VolumeService } from './volume-service.js';

export interface OciMount { destination: string; type: string; source: string; options: string[] }

export async function prepareMounts(volumes: VolumeService, mounts: MountPoint[], rootfs: InRoot): Promise<OciMount[]> {
  const out: OciMount[] = [];
  for (const m of [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination))) {
    if (m.type === 'tmpfs') {
      out.push({ destination: m.destination, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', ...(m.options ?? []), m.rw ? 'rw' : 'ro'] });
      continue;
    }
    let source = m.source;
    if (m.type === 'volume' && m.name) {
      source = await volumes.mount(m.name);
      if (!m.noCopy) await copyUp(rootfs, m.destination, source, () => volumes.isEmpty(m.name!));
    }
    await makeMountPoint(rootfs, m.destination, source);
    out.push({ destination: m.destination, type: 'bind', source, options: ['rbind', m.propagation || 'rprivate', m.rw ? 'rw' : 'ro'] });
  }
  return out;
}

/**
 * Copy the image's files at the mount path into an empty volume (owners,
 * modes, times, links and devices kept, as `cp -a`). The path is resolved
 * inside the image: `/data` linked to `/etc` copies the image's /etc.
 */
async function copyUp(rootfs: InRoot, destination: string, volumeDir: string, isEmpty: () => Promise<boolean>): Promise<void> {
  const st = await rootfs.statIfExists(destination, true);
  if (!st?.isDirectory() || !(await isEmpty())) return;
  if ((await rootfs.readdir(destination)).length === 0) return;
  const from = await rootfs.realPath(destination);
  await withRoot(volumeDir, (volume) => copyTree(rootfs, from, volume, '/', { devices: true, hardLinks: true }));
}

/**
 * The mount point, made inside the root as runc makes it (a directory, or a
 * file for a file bind), so a destination reached through a link the image
 * holds exists where the link leads: crun refuses a dangling one.
 */
export async function makeMountPoint(rootfs: InRoot, destination: string, source: string): Promise<void> {
  if (await rootfs.statIfExists(destination, true)) return;
  if ((await stat(source)).isDirectory()) return rootfs.mkdirAll(destination, 0o755);
  await rootfs.mkdirAll(posix.dirname(destination), 0o755);
  await (await rootfs.create(await rootfs.realPath(destination), 0o644)).close();
}

const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Docker's inspect `Mounts` entry. */
export function mountPointJson(m: MountPoint): Record<string, unknown> {
  if (m.type === 'volume') {
    return { Type: 'volume', Name: m.name, Source: m.source, Destination: m.destination, Driver: 'local', Mode: m.mode, RW: m.rw, Propagation: m.propagation };
  }
  return { Type: m.type, Source: m.source, Destination: m.destination, Mode: m.mode, RW: m.rw, Propagation: m.propagation };
}
