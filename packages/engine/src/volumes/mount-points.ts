/**
 * A container's mount points, resolved at create as Docker does, in this
 * order (a later source never overrides an earlier destination):
 * `--volumes-from`, then -v (Binds), --mount (Mounts), --tmpfs, and last
 * the image's VOLUMEs and `-v /path`, which get anonymous volumes.
 */
import { mkdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { InvalidArgumentError, type HostConfig } from '@quai/common';
import { ANONYMOUS_LABEL, type MountPoint } from './volume-record.js';
import type { VolumeService } from './volume-service.js';

/** The fields of the API's Mount object quai reads. */
export interface ApiMount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/** `-v` as the daemon receives it in Binds: `src:dst[:opts]`, where src is a path or a volume name. */
export function parseBind(spec: string): MountPoint {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) throw new InvalidArgumentError(`invalid volume specification: '${spec}'`);
  const [src, dst, mode = ''] = parts as [string, string, string?];
  if (!posix.isAbsolute(dst)) throw new InvalidArgumentError(`invalid volume specification: '${spec}': invalid mount config: invalid mount path: '${dst}' mount path must be absolute`);
  let rw = true;
  let propagation = '';
  let noCopy = false;
  for (const opt of mode ? mode.split(',') : []) {
    if (opt === 'ro') rw = false;
    else if (opt === 'rw') rw = true;
    else if (opt === 'nocopy') noCopy = true;
    else if (PROPAGATIONS.has(opt)) propagation = opt;
    else if (opt !== 'z' && opt !== 'Z') throw new InvalidArgumentError(`invalid mode: ${opt}`);
  }
  const destination = posix.normalize(dst);
  if (destination === '/') throw new InvalidArgumentError(`invalid volume specification: '${spec}': invalid mount config for type "${posix.isAbsolute(src) ? 'bind' : 'volume'}": invalid specification: destination can't be '/'`);
  if (posix.isAbsolute(src)) {
    return { type: 'bind', source: posix.normalize(src), destination, rw, mode, propagation: propagation || 'rprivate' };
  }
  return { type: 'volume', name: src, source: '', destination, rw, mode: mode || 'z', propagation: '', noCopy };
}

export function fromApiMount(m: ApiMount): MountPoint {
  const type = m.Type ?? '';
  const destination = m.Target ? posix.normalize(m.Target) : '';
  if (!destination) throw new InvalidArgumentError('invalid mount config: Target must not be empty');
  if (!posix.isAbsolute(destination)) throw new InvalidArgumentError(`invalid mount config for type "${type}": invalid mount path: '${m.Target}' mount path must be absolute`);
  if (destination === '/') throw new InvalidArgumentError(`invalid mount config for type "${type}": invalid specification: destination can't be '/'`);
  const rw = !m.ReadOnly;
  switch (type) {
    case 'bind':
      if (!m.Source) throw new InvalidArgumentError('invalid mount config for type "bind": field Source must not be empty');
      if (!posix.isAbsolute(m.Source)) throw new InvalidArgumentError(`invalid mount config for type "bind": invalid mount path: '${m.Source}' mount path must be absolute`);
      return { type: 'bind', source: posix.normalize(m.Source), destination, rw, mode: '', propagation: m.BindOptions?.Propagation || 'rprivate' };
    case 'volume':
      return { type: 'volume', name: m.Source || undefined, source: '', destination, rw, mode: '', propagation: '', noCopy: !!m.VolumeOptions?.NoCopy };
    case 'tmpfs': {
      if (m.Source) throw new InvalidArgumentError('invalid mount config for type "tmpfs": field Source must not be specified');
      const options: string[] = [];
      if (m.TmpfsOptions?.SizeBytes) options.push(`size=${m.TmpfsOptions.SizeBytes}`);
      if (m.TmpfsOptions?.Mode) options.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
      return { type: 'tmpfs', source: '', destination, rw, mode: '', propagation: '', options };
    }
    default:
      throw new InvalidArgumentError(`invalid mount config: mount type unknown: "${type}"`);
  }
}

/** `--tmpfs /run:rw,size=64m` arrives as Tmpfs: { "/run": "rw,size=64m" }. */
export function fromTmpfs(destination: string, opts: string): MountPoint {
  const options = opts ? opts.split(',') : [];
  const rw = !options.includes('ro');
  return { type: 'tmpfs', source: '', destination: posix.normalize(destination), rw, mode: opts, propagation: '', options: options.filter((o) => o !== 'ro' && o !== 'rw') };
}

export interface ResolveInput {
  hostConfig: HostConfig;
  /** Container paths from the image's VOLUME and `-v /path`. */
  volumes: string[];
  /** Mount points of another container, for --volumes-from. */
  mountsOf: (ref: string) => MountPoint[];
}

/** Resolve and create what the container needs: bind dirs for -v, named and anonymous volumes. */
export async function resolveMountPoints(volumes: VolumeService, input: ResolveInput): Promise<MountPoint[]> {
  const hc = input.hostConfig;
  const out = new Map<string, MountPoint>();
  const add = (m: MountPoint, fromUser: boolean) => {
    if (out.has(m.destination)) {
      if (fromUser) throw new InvalidArgumentError(`Duplicate mount point: ${m.destination}`);
      return;
    }
    out.set(m.destination, m);
  };
  const user: MountPoint[] = [];
  for (const b of hc.Binds ?? []) user.push(parseBind(b));
  for (const m of (hc.Mounts ?? []) as ApiMount[]) user.push(fromApiMount(m));
  for (const [dst, opts] of Object.entries(hc.Tmpfs ?? {})) user.push(fromTmpfs(dst, opts));
  for (const m of user) add(m, true);
  for (const spec of hc.VolumesFrom ?? []) {
    const [ref, mode] = spec.split(':') as [string, string?];
    if (mode && mode !== 'ro' && mode !== 'rw') throw new InvalidArgumentError(`invalid mode: ${mode}`);
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
  await checkBindSources(hc, [...out.values()]);
  return [...out.values()];
}

/** -v creates a missing host dir (as Docker); --mount type=bind refuses it. */
async function checkBindSources(hc: HostConfig, mounts: MountPoint[]): Promise<void> {
  const fromBinds = new Set((hc.Binds ?? []).map((b) => posix.normalize(b.split(':')[1] ?? '')));
  for (const m of mounts) {
    if (m.type !== 'bind') continue;
    const exists = await stat(m.source).then(() => true, () => false);
    if (exists) continue;
    if (fromBinds.has(m.destination)) await mkdir(m.source, { recursive: true });
    else throw new InvalidArgumentError(`invalid mount config for type "bind": bind source path does not exist: ${m.source}`);
  }
}
