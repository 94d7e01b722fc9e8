/**
 * The mounts of a create body, as Docker's wire spells them, into the
 * engine's typed mount requests: `-v` (HostConfig.Binds), `--mount`
 * (HostConfig.Mounts), `--tmpfs` (HostConfig.Tmpfs) and `--volumes-from`,
 * with Docker's words for what it refuses.
 */
import { posix } from 'node:path';
import { InvalidArgumentError, type HostConfig } from '@quai/common';
import type { ContainerSpec, MountRequest } from '@quai/engine';

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

/** -v, then --mount, then --tmpfs: the order in which a duplicate destination is refused. */
export function mountRequests(hc: HostConfig): MountRequest[] {
  return [
    ...(hc.Binds ?? []).map(parseBind),
    ...((hc.Mounts ?? []) as ApiMount[]).map(fromApiMount),
    ...Object.entries(hc.Tmpfs ?? {}).map(([dst, opts]) => fromTmpfs(dst, opts)),
  ];
}

/** `-v` as the daemon receives it in Binds: `src:dst[:opts]`, where src is a path or a volume name. */
export function parseBind(spec: string): MountRequest {
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
  const asTyped = `-v ${spec}`;
  if (posix.isAbsolute(src)) {
    return { type: 'bind', source: posix.normalize(src), destination, rw, mode, propagation: propagation || 'rprivate', createSource: true, asTyped };
  }
  return { type: 'volume', name: src, source: '', destination, rw, mode: mode || 'z', propagation: '', noCopy, asTyped };
}

export function fromApiMount(m: ApiMount): MountRequest {
  const type = m.Type ?? '';
  const destination = m.Target ? posix.normalize(m.Target) : '';
  if (!destination) throw new InvalidArgumentError('invalid mount config: Target must not be empty');
  if (!posix.isAbsolute(destination)) throw new InvalidArgumentError(`invalid mount config for type "${type}": invalid mount path: '${m.Target}' mount path must be absolute`);
  if (destination === '/') throw new InvalidArgumentError(`invalid mount config for type "${type}": invalid specification: destination can't be '/'`);
  const rw = !m.ReadOnly;
  switch (type) {
    case 'bind': {
      if (!m.Source) throw new InvalidArgumentError('invalid mount config for type "bind": field Source must not be empty');
      if (!posix.isAbsolute(m.Source)) throw new InvalidArgumentError(`invalid mount config for type "bind": invalid mount path: '${m.Source}' mount path must be absolute`);
      const source = posix.normalize(m.Source);
      return { type: 'bind', source, destination, rw, mode: '', propagation: m.BindOptions?.Propagation || 'rprivate', asTyped: `--mount type=bind,source=${source}` };
    }
    case 'volume': {
      const driverOptions = m.VolumeOptions?.DriverConfig?.Options;
      return {
        type: 'volume', name: m.Source || undefined, source: '', destination, rw, mode: '', propagation: '', noCopy: !!m.VolumeOptions?.NoCopy,
        ...(driverOptions ? { driverOptions } : {}), asTyped: `--mount type=volume,target=${destination}`,
      };
    }
    case 'tmpfs': {
      if (m.Source) throw new InvalidArgumentError('invalid mount config for type "tmpfs": field Source must not be specified');
      const options: string[] = [];
      if (m.TmpfsOptions?.SizeBytes) options.push(`size=${m.TmpfsOptions.SizeBytes}`);
      if (m.TmpfsOptions?.Mode) options.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
      return { type: 'tmpfs', source: '', destination, rw, mode: '', propagation: '', options, asTyped: `--mount type=tmpfs,target=${destination}` };
    }
    default:
      throw new InvalidArgumentError(`invalid mount config: mount type unknown: "${type}"`);
  }
}

/** `--tmpfs /run:rw,size=64m` arrives as Tmpfs: { "/run": "rw,size=64m" }. */
export function fromTmpfs(destination: string, opts: string): MountRequest {
  const options = opts ? opts.split(',') : [];
  const rw = !options.includes('ro');
  return {
    type: 'tmpfs', source: '', destination: posix.normalize(destination), rw, mode: opts, propagation: '',
    options: options.filter((o) => o !== 'ro' && o !== 'rw'), asTyped: `--tmpfs ${destination}`,
  };
}

/** `--volumes-from web[:ro|rw]`. */
export function volumesFrom(hc: HostConfig): ContainerSpec['volumesFrom'] {
  return (hc.VolumesFrom ?? []).map((spec) => {
    const [ref, mode] = spec.split(':') as [string, string?];
    if (!mode) return { ref };
    if (mode !== 'ro' && mode !== 'rw') throw new InvalidArgumentError(`invalid mode: ${mode}`);
    return { ref, mode };
  });
}
