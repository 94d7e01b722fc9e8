/**
 * Values dockerd refuses although their JSON type is right, refused here
 * with Docker's words before anything is stored: restart policies
 * (ValidateRestartPolicy), log drivers and their options (logger
 * ValidateLogOpts), security options (parseSecurityOpt) and a seccomp
 * profile that does not decode, healthcheck durations, signals, DNS
 * servers, extra hosts, resource limits the kernel would refuse
 * (verifyPlatformContainerResources). Each returns the refusal, or undefined.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { normalizeSignal } from '@quai/engine';
import { InvalidArgumentError, ramInBytes } from '@quai/common';
import { int, list, string, struct, uint32, uint64 } from '@quai/common/schema/go-schema';
import { parseJson } from '@quai/common/schema/json-text';
import { parseGoBool } from '../validation/go-values.js';
import { checkValue } from '@quai/common/schema/check';

const RESTART_POLICIES = "'no', 'always', 'on-failure', or 'unless-stopped'";

export function restartPolicy(p: { Name?: string; MaximumRetryCount?: number }): string | undefined {
  const name = p.Name ?? '';
  const retries = p.MaximumRetryCount ?? 0;
  switch (name) {
    case 'always': case 'unless-stopped': case 'no':
      if (retries === 0) return undefined;
      return `invalid restart policy: maximum retry count can only be used with 'on-failure'${retries < 0 ? ' and cannot be negative' : ''}`;
    case 'on-failure':
      return retries < 0 ? 'invalid restart policy: maximum retry count cannot be negative' : undefined;
    case '':
      return undefined;
    default:
      return `invalid restart policy: unknown policy '${name}'; use one of ${RESTART_POLICIES}`;
  }
}

/** The drivers quai keeps logs with (both as conmon's k8s-file, read back by `docker logs`). */
const LOG_DRIVERS: Record<string, string> = { 'json-file': 'json-file log driver', local: 'log driver local' };
const COMMON_LOG_OPTS = new Set(['mode', 'max-buffer-size', 'env', 'env-regex', 'labels', 'labels-regex', 'tag']);
const DRIVER_LOG_OPTS = new Set(['max-file', 'max-size', 'compress']);

export function logConfig(c: { Type?: string; Config?: Record<string, string> }): string | undefined {
  const type = c.Type || 'json-file';
  if (!LOG_DRIVERS[type]) return `logger: no log driver named '${type}' is registered`;
  const config = c.Config ?? {};
  const mode = config.mode ?? '';
  if (!['', 'blocking', 'non-blocking'].includes(mode)) return `logger: logging mode not supported: ${mode}`;
  for (const key of Object.keys(config)) {
    if (!COMMON_LOG_OPTS.has(key) && !DRIVER_LOG_OPTS.has(key)) return `unknown log opt '${key}' for ${LOG_DRIVERS[type]}`;
  }
  if (config['max-size'] !== undefined && config['max-size'] !== '-1') {
    try { ramInBytes(config['max-size']); } catch { return `invalid size: '${config['max-size']}'`; }
  }
  if (config['max-file'] !== undefined && !/^-?\d+$/.test(config['max-file'])) {
    return `strconv.Atoi: parsing ${JSON.stringify(config['max-file'])}: invalid syntax`;
  }
  return undefined;
}

/** What `--security-opt` accepts, as dockerd's parseSecurityOpt. */
export function securityOpt(opts: string[]): string | undefined {
  for (const opt of opts) {
    if (opt === 'no-new-privileges' || opt === 'writable-cgroups' || opt === 'disable') continue;
    const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
    if (!sep) return `invalid --security-opt 1: ${JSON.stringify(opt)}`;
    const key = opt.slice(0, opt.indexOf(sep));
    const value = opt.slice(opt.indexOf(sep) + 1);
    switch (key) {
      case 'label': case 'apparmor':
        continue;
      case 'seccomp': {
        const refusal = seccompProfile(value);
        if (refusal) return refusal;
        continue;
      }
      case 'no-new-privileges': case 'writable-cgroups':
        if (parseGoBool(value) === undefined) return `invalid --security-opt 2: ${JSON.stringify(opt)}`;
        continue;
      default:
        return `invalid --security-opt 2: ${JSON.stringify(opt)}`;
    }
  }
  return undefined;
}

const seccompArg = struct('specs.LinuxSeccompArg', { index: { ...uint32(), goType: 'uint' }, value: uint64(), valueTwo: uint64(), op: string() });
const seccompFilter = struct('seccomp.Filter', { caps: list(string()), arches: list(string()), minKernel: string() });
const seccompSchema = struct('seccomp.Seccomp', {
  defaultAction: string(), defaultErrnoRet: int(), architectures: list(string()),
  archMap: list(struct('seccomp.Architecture', { architecture: string(), subArchitectures: list(string()) })),
  syscalls: list(struct('seccomp.Syscall', {
    name: string(), names: list(string()), action: string(), errnoRet: int(), args: list(seccompArg),
    comment: string(), includes: seccompFilter, excludes: seccompFilter,
  })),
  flags: list(string()), listenerPath: string(), listenerMetadata: string(),
});

/**
 * The CLI sends a profile's content, never its path (`--security-opt
 * seccomp=profile.json` is read client-side): anything but `unconfined`,
 * `builtin` or a profile that decodes is refused as dockerd does at start.
 */
function seccompProfile(value: string): string | undefined {
  if (value === 'unconfined' || value === 'builtin') return undefined;
  try {
    checkValue(seccompSchema, parseJson(value));
    return undefined;
  } catch (err) {
    return `Decoding seccomp profile failed: ${(err as Error).message.replace(/^invalid JSON: /, '')}`;
  }
}

const MIN_DURATION_NS = 1_000_000;

export function healthcheck(h: { Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number; StartInterval?: number }): string | undefined {
  for (const field of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval'] as const) {
    const v = h[field] ?? 0;
    if (v !== 0 && v < MIN_DURATION_NS) return `${field} in Healthcheck cannot be less than 1ms`;
  }
  if ((h.Retries ?? 0) < 0) return 'Retries in Healthcheck cannot be negative';
  return undefined;
}

export function stopSignal(signal: string): string | undefined {
  if (!signal) return undefined;
  try {
    normalizeSignal(signal);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err.message;
    throw err;
  }
}

export function dnsServers(servers: string[]): string | undefined {
  const bad = servers.find((s) => !isIP(s));
  return bad === undefined ? undefined : `invalid JSON: ParseAddr(${JSON.stringify(bad)}): unable to parse IP`;
}

/** `name:ip` or `name=ip`, ip possibly in brackets, or `host-gateway` (opts.ValidateExtraHost). */
export function extraHosts(hosts: string[]): string | undefined {
  for (const entry of hosts) {
    const sep = entry.includes('=') ? '=' : ':';
    const at = entry.indexOf(sep);
    const name = at < 0 ? '' : entry.slice(0, at);
    let ip = entry.slice(at + 1);
    if (at < 0 || !name || name.includes(':')) return `bad format for add-host: ${JSON.stringify(entry)}`;
    if (ip === 'host-gateway') continue;
    if (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    if (!isIP(ip)) return `invalid IP address in add-host: ${JSON.stringify(ip)}`;
  }
  return undefined;
}

export function annotations(map: Record<string, string>): string | undefined {
  return Object.hasOwn(map, '') ? 'invalid Annotations: the empty string is not permitted as an annotation key' : undefined;
}

export function cgroupnsMode(mode: string): string | undefined {
  return ['', 'private', 'host'].includes(mode) ? undefined : `invalid cgroup namespace mode: ${mode}`;
}

export function isolation(value: string): string | undefined {
  return ['', 'default'].includes(value) ? undefined : `invalid isolation '${value}' on linux`;
}

export const MIN_MEMORY = 6 * 1024 * 1024;

export const memoryReservation = (v: number) => (v > 0 && v < MIN_MEMORY ? 'Minimum memory reservation allowed is 6MB' : undefined);

export const memorySwappiness = (v: number) => (v !== -1 && (v < 0 || v > 100) ? `Invalid value: ${v}, valid memory swappiness range is 0-100` : undefined);

export const cpuPeriod = (v: number) => (v !== 0 && (v < 1000 || v > 1_000_000) ? 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)' : undefined);

export const cpuQuota = (v: number) => (v > 0 && v < 1000 ? 'CPU cfs quota can not be less than 1ms (i.e. 1000)' : undefined);

export function nanoCpus(v: number): string | undefined {
  const n = availableParallelism();
  return v < 0 || v > n * 1e9 ? `range of CPUs is from 0.01 to ${n}.00, as there are only ${n} CPUs available` : undefined;
}

export const blkioWeight = (v: number) => (v > 0 && (v < 10 || v > 1000) ? 'Range of blkio weight is from 10 to 1000' : undefined);

export const oomScoreAdj = (v: number) => (v < -1000 || v > 1000 ? `Invalid value ${v}, range for oom score adj is [-1000, 1000]` : undefined);

export const shmSize = (v: number) => (v < 0 ? 'SHM size can not be less than 0' : undefined);

export const cpusetCpus = (v: string) => cpuset(v, 'cpus', '/sys/devices/system/cpu/online', 'Requested CPUs are not available');
export const cpusetMems = (v: string) => cpuset(v, 'mems', '/sys/devices/system/node/online', 'Requested memory nodes are not available');

/** `0-2,4` as Docker's parsers.ParseUintList, every member present on this host. */
function cpuset(value: string, what: string, onlineFile: string, unavailable: string): string | undefined {
  if (!value) return undefined;
  const wanted = uintList(value);
  if (!wanted) return `Invalid value ${value} for cpuset ${what}: invalid format: ${value}`;
  let online = '';
  try { online = readFileSync(onlineFile, 'utf8').trim(); } catch { return undefined; }
  const present = uintList(online) ?? new Set<number>();
  return [...wanted].every((n) => present.has(n)) ? undefined : `${unavailable} - requested ${value}, available: ${online}`;
}

function uintList(text: string): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const [lo, hi] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (hi < lo || hi - lo > 65536) return undefined;
    for (let n = lo; n <= hi; n++) out.add(n);
  }
  return out;
}
