/**
 * `quai play`'s settings: what the flags say, checked once at start-up.
 *
 *   quai play --listen 127.0.0.1:8088 --engine unix:///run/quai/quai.sock \
 *             --session-ttl 4h --max-sessions 20 --max-instances 5 --min-free-memory 512m \
 *             --instance-memory 1g --instance-pids 1000 --instance-disk 4g
 */
import { readFileSync } from 'node:fs';
import { ramInBytes } from '@quai/common';

export interface PlayConfig {
  host: string;
  port: number;
  /** The engine's main socket (the admin API is only there). */
  engine: string;
  /** The playground's own state: its owner id (what its engine objects are labelled with). */
  dataRoot: string;
  sessionTtlMs: number;
  maxSessions: number;
  maxInstances: number;
  /** Bytes the host must have available for a new session or instance (0 = no check). */
  minFreeMemory: number;
  instance: InstanceLimits;
  /** The hub save/restore and `?stack=` may reach ('' = none). */
  hubUrl: string;
  /** The hub account saves are pushed with ('' = saving is off). */
  hubUser: string;
  hubPassword: string;
  shellImage: string;
  /** A host docker CLI bound read-only into shells whose image has none ('' = the image's own). */
  shellCli: string;
  /** Ready instances kept in advance (namespace + shell + its terminal). */
  warmPool: number;
  /** The engine namespace that holds the shells and the session networks. */
  namespace: string;
  /** Whether shells may reach beyond their session network. */
  outbound: boolean;
  /** The URL people open ('' = from --listen); its host name is the base of port links by host. */
  publicUrl: string;
}

export interface InstanceLimits {
  /** Bytes for the instance's namespace as a whole (its containers together). */
  memory: number;
  pids: number;
  /** Bytes of disk for its layers and volumes (0 = no disk quota). */
  disk: number;
  nanoCpus: number;
  /** The shell container's own memory. */
  shellMemory: number;
}

export const DEFAULTS = {
  listen: '127.0.0.1:8088',
  engine: 'unix:///run/quai/quai.sock',
  dataRoot: '/var/lib/quai-play',
  sessionTtl: '4h',
  maxSessions: '20',
  maxInstances: '5',
  minFreeMemory: '512m',
  instanceMemory: '1g',
  instancePids: '1000',
  instanceDisk: '4g',
  instanceCpus: '1',
  shellImage: 'play-shell:latest',
  warmPool: '2',
  namespace: 'play',
} as const;

/** "90s", "15m", "4h", "1h30m", or plain seconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    at = re.lastIndex;
  }
  if (!text || at !== text.length) throw new Error(`invalid duration "${text}": use e.g. 90s, 15m, 4h`);
  return total;
}

export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  const host = i > 0 ? listen.slice(0, i).replace(/^\[|\]$/g, '') : '127.0.0.1';
  const port = Number(i >= 0 ? listen.slice(i + 1) : listen);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --listen "${listen}": use HOST:PORT`);
  return { host, port };
}

function positiveInteger(flag: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new Error(`invalid ${flag} "${text}": a whole number of at least ${min} expected`);
  return n;
}

function size(flag: string, text: string): number {
  try {
    return ramInBytes(text);
  } catch (err) {
    throw new Error(`invalid ${flag} "${text}": ${(err as Error).message} (e.g. 512m, 2g)`);
  }
}

export interface PlayFlags {
  listen?: string; engine?: string; 'data-root'?: string; 'session-ttl'?: string; 'max-sessions'?: string; 'min-free-memory'?: string;
  'max-instances'?: string; 'instance-memory'?: string; 'instance-pids'?: string; 'instance-disk'?: string;
  'instance-cpus'?: string; hub?: string; 'hub-user'?: string; 'hub-password-file'?: string; 'shell-image'?: string; 'shell-cli'?: string; 'warm-pool'?: string;
  namespace?: string; outbound?: boolean; 'public-url'?: string;
}

/** The flags as parsed by node:util parseArgs, into a checked PlayConfig (throws a one-line message). */
export function configFromFlags(f: PlayFlags): PlayConfig {
  const { host, port } = parseListen(f.listen ?? DEFAULTS.listen);
  const cpus = Number(f['instance-cpus'] ?? DEFAULTS.instanceCpus);
  if (!(cpus > 0 && cpus <= 64)) throw new Error(`invalid --instance-cpus "${f['instance-cpus']}": a number of CPUs such as 0.5 or 1`);
  const hubUrl = (f.hub ?? '').replace(/\/+$/, '');
  if (hubUrl && !/^https?:\/\/[^/]+$/.test(hubUrl)) throw new Error(`invalid --hub "${f.hub}": use http(s)://HOST[:PORT]`);
  const hubUser = f['hub-user'] ?? '';
  if (hubUser && (!hubUrl || !f['hub-password-file'])) throw new Error('--hub-user needs --hub and --hub-password-file');
  const hubPassword = hubUser ? readFileSync(f['hub-password-file']!, 'utf8').replace(/\r?\n$/, '') : '';
  const publicUrl = (f['public-url'] ?? '').replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl)) throw new Error(`invalid --public-url "${f['public-url']}": use http(s)://HOST[:PORT]`);
  const disk = f['instance-disk'] ?? DEFAULTS.instanceDisk;
  return {
    host,
    port,
    engine: f.engine ?? DEFAULTS.engine,
    dataRoot: f['data-root'] ?? DEFAULTS.dataRoot,
    sessionTtlMs: parseDuration(f['session-ttl'] ?? DEFAULTS.sessionTtl),
    maxSessions: positiveInteger('--max-sessions', f['max-sessions'] ?? DEFAULTS.maxSessions),
    maxInstances: positiveInteger('--max-instances', f['max-instances'] ?? DEFAULTS.maxInstances),
    minFreeMemory: (f['min-free-memory'] ?? DEFAULTS.minFreeMemory) === '0' ? 0 : size('--min-free-memory', f['min-free-memory'] ?? DEFAULTS.minFreeMemory),
    instance: {
      memory: size('--instance-memory', f['instance-memory'] ?? DEFAULTS.instanceMemory),
      pids: positiveInteger('--instance-pids', f['instance-pids'] ?? DEFAULTS.instancePids, 16),
      disk: disk === '0' || disk === '' ? 0 : size('--instance-disk', disk),
      nanoCpus: Math.round(cpus * 1e9),
      shellMemory: 256 * 1024 * 1024,
    },
    hubUrl,
    hubUser,
    hubPassword,
    shellImage: f['shell-image'] ?? DEFAULTS.shellImage,
    shellCli: f['shell-cli'] ?? '',
    warmPool: positiveInteger('--warm-pool', f['warm-pool'] ?? DEFAULTS.warmPool, 0),
    namespace: f.namespace ?? DEFAULTS.namespace,
    outbound: f.outbound ?? false,
    publicUrl,
  };
}
