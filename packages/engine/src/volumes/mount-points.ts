/**
 * A container's mount points, resolved at create as Docker does: the
 * user's mounts (-v, --mount, --tmpfs; a duplicate destination is refused),
 * then `--volumes-from`, and last the image's VOLUMEs and `-v /path`, which
 * get anonymous volumes (a later source never overrides an earlier destination).
 */
import { mkdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { InvalidArgumentError } from '@quai/common';
import { ANONYMOUS_LABEL, type MountPoint } from './volume-record.js';
import type { VolumeService } from './volume-service.js';
import type { ContainerSpec } from '../containers/container-spec.js';

export interface ResolveInput extends Pick<ContainerSpec, 'mounts' | 'volumesFrom'> {
  /** Container paths from the image's VOLUME and `-v /path`. */
  volumes: string[];
  /** Mount points of another container, for --volumes-from. */
  mountsOf: (ref: string) => MountPoint[];
}

/** Resolve and create what the container needs: bind dirs for -v, named and anonymous volumes. */
export async function resolveMountPoints(volumes: VolumeService, input: ResolveInput): Promise<MountPoint[]> {
  const out = new Map<string, MountPoint>();
  const add = (m: MountPoint, fromUser: boolean) => {
    if (out.has(m.destination)) {
      if (fromUser) throw new InvalidArgumentError(`Duplicate mount point: ${m.destination}`);
      return;
    }
    out.set(m.destination, m);
  };
  const makeSource = new Set<string>();
  for (const { createSource, driverOptions: _options, asTyped: _asTyped, ...m } of input.mounts) {
    add(m, true);
    if (createSource) makeSource.add(m.destination);
  }
  for (const { ref, mode } of input.volumesFrom) {
    for (const m of input.mountsOf(ref)) {
      if (out.has(m.destination)) continue;
      out.set(m.destination, { ...m, anonymous: false, rw: mode ? mode === 'rw' : m.rw });
    }
  }
  for (const dst of input.volumes) add({ type: 'volume', source: '', destination: posix.normalize(dst), rw: true, mode: '', propagation: '', anonymous: true }, false);

  for (const m of out.values()) {
    if (m.type === 'volume' && !m.source) {
      const anonymous = !m.name;
      const v = await volumes.create({ name: m.name, labels: anonymous ? { [ANONYMOUS_LABEL]: '' } : undefined });
      m.name = v.name;
      m.anonymous = anonymous;
      m.source = volumes.dataPath(v.name);
    }
  }
  await checkBindSources([...out.values()], makeSource);
  return [...out.values()];
}

/** -v creates a missing host dir (as Docker); --mount type=bind refuses it. */
async function checkBindSources(mounts: MountPoint[], makeSource: Set<string>): Promise<void> {
  for (const m of mounts) {
    if (m.type !== 'bind') continue;
    const exists = await stat(m.source).then(() => true, () => false);
    if (exists) continue;
    if (makeSource.has(m.destination)) await mkdir(m.source, { recursive: true });
    else throw new InvalidArgumentError(`invalid mount config for type "bind": bind source path does not exist: ${m.source}`);
  }
}
