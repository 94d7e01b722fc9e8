/**
 * One file's services and top-level objects in long form, each short syntax
 * expanded the way the Compose Specification reads it, relative paths made
 * absolute against `baseDir`. Runs per file (before merging several -f files
 * and before extends), so every later step sees one shape only.
 *
 *   ports "127.0.0.1:8000-8001:80-81/udp" → two PortConfig (8000→80, 8001→81)
 *   volumes "./data:/data:ro"  → { type: bind, source: <baseDir>/data, target: /data, read_only: true, bind: { create_host_path: true } }
 *   volumes "cache:/cache"     → { type: volume, source: cache, target: /cache, volume: {} }
 *   depends_on [db]            → { db: { condition: service_started, required: true, restart: false } }
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { DependsOn, FileReference, PortConfig, Service, ServiceNetworkConfig, ServiceVolumeConfig } from '../model.js';
import { splitShellWords } from './shell-words.js';

/** A file in long form; networks and volumes are named later, when the project name is known. */
export interface CanonicalFile {
  name?: string;
  services: Record<string, Service>;
  networks: Record<string, Record<string, unknown>>;
  volumes: Record<string, Record<string, unknown>>;
  secrets: Record<string, Record<string, unknown>>;
  configs: Record<string, Record<string, unknown>>;
}

export interface EnvFileRef { path: string; required: boolean }

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function resolvePath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** ["A=1", "B"] or {A: 1, B: null} → {A: "1", B: null}; a null value is looked up later. */
export function toMapping(v: unknown, sep = '='): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf(sep);
      if (i < 0) out[s] = null;
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? null : String(val);
  }
  return out;
}

function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function toCommand(v: unknown): string[] | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return Array.isArray(v) ? v.map(String) : splitShellWords(String(v));
}

function portRange(s: string): [number, number] {
  const [a, b] = s.split('-');
  const lo = Number(a);
  const hi = b === undefined ? lo : Number(b);
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new Error(`invalid port range: ${s}`);
  return [lo, hi];
}

/** "[[host_ip:]published:]target[/protocol]" → one PortConfig per target port. */
export function parsePortShort(spec: string): PortConfig[] {
  let rest = spec;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2) throw new Error(`invalid port "${spec}"`);
  const [target, published] = parts.length === 2 ? [parts[1]!, parts[0]!] : [parts[0]!, ''];
  const [tLo, tHi] = portRange(target);
  const out: PortConfig[] = [];
  const pub = published ? portRange(published) : undefined;
  for (let t = tLo; t <= tHi; t++) {
    let p: string | undefined;
    if (pub) {
      const [pLo, pHi] = pub;
      if (tHi > tLo && pHi - pLo === tHi - tLo) p = String(pLo + (t - tLo));
      else p = pLo === pHi ? String(pLo) : `${pLo}-${pHi}`;
    }
    out.push({ target: t, ...(p ? { published: p } : {}), ...(hostIp ? { host_ip: hostIp } : {}), protocol, mode: 'ingress' });
  }
  return out;
}

function ports(v: unknown): PortConfig[] {
  const out: PortConfig[] = [];
  for (const item of (v as unknown[]) ?? []) {
    if (isObject(item)) {
      out.push({
        target: Number(item.target),
        ...(item.published !== undefined && item.published !== '' ? { published: String(item.published) } : {}),
        ...(item.host_ip ? { host_ip: String(item.host_ip) } : {}),
        protocol: str(item.protocol) || 'tcp',
        mode: str(item.mode) || 'ingress',
        ...(item.name ? { name: String(item.name) } : {}),
        ...(item.app_protocol ? { app_protocol: String(item.app_protocol) } : {}),
      });
    } else {
      out.push(...parsePortShort(String(item)));
    }
  }
  return out;
}

const isPathLike = (s: string) => s.startsWith('.') || s.startsWith('/') || s.startsWith('~');

/** "src:dst[:mode]" or "dst" → long form. */
export function parseVolumeShort(spec: string, baseDir: string): ServiceVolumeConfig {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: spec, volume: {} };
  const [src, dst, mode = ''] = parts;
  const opts = mode ? mode.split(',') : [];
  const readOnly = opts.includes('ro');
  const propagation = opts.find((o) => ['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate'].includes(o));
  const selinux = opts.find((o) => o === 'z' || o === 'Z');
  if (isPathLike(src!)) {
    return {
      type: 'bind', source: resolvePath(baseDir, src!), target: dst!,
      ...(readOnly ? { read_only: true } : {}),
      bind: { create_host_path: true, ...(propagation ? { propagation } : {}), ...(selinux ? { selinux } : {}) },
    };
  }
  return {
    type: 'volume', source: src, target: dst!, ...(readOnly ? { read_only: true } : {}),
    volume: opts.includes('nocopy') ? { nocopy: true } : {},
  };
}

function volumes(v: unknown, baseDir: string): ServiceVolumeConfig[] {
  return ((v as unknown[]) ?? []).map((item) => {
    if (!isObject(item)) return parseVolumeShort(String(item), baseDir);
    const out = { ...item } as unknown as ServiceVolumeConfig;
    if (out.type === 'bind' && out.source) out.source = resolvePath(baseDir, out.source);
    if (out.type === 'volume' && !out.volume) out.volume = {};
    return out;
  });
}

function dependsOn(v: unknown): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = {};
  if (Array.isArray(v)) {
    for (const name of v) out[String(name)] = { condition: 'service_started', required: true, restart: false };
  } else if (isObject(v)) {
    for (const [name, cfg] of Object.entries(v)) {
      const c = (cfg ?? {}) as Raw;
      out[name] = {
        condition: (c.condition as DependsOn['condition']) ?? 'service_started',
        required: c.required === undefined ? true : Boolean(c.required),
        restart: Boolean(c.restart),
      };
    }
  }
  return out;
}

function fileRefs(v: unknown, defaultDir: (source: string) => string): FileReference[] {
  return ((v as unknown[]) ?? []).map((item) => {
    const ref = (isObject(item) ? { ...item } : { source: String(item) }) as unknown as FileReference;
    ref.target ??= defaultDir(ref.source);
    if (!ref.target.startsWith('/')) ref.target = defaultDir(ref.target);
    return ref;
  });
}

function build(v: unknown, baseDir: string): Service['build'] {
  const b = (isObject(v) ? { ...v } : { context: String(v) }) as Raw;
  const context = str(b.context) || '.';
  const remote = /^(https?:\/\/|git@|github\.com\/)/.test(context);
  return {
    ...b,
    context: remote ? context : resolvePath(baseDir, context),
    dockerfile: str(b.dockerfile) || 'Dockerfile',
    ...(b.args !== undefined ? { args: toMapping(b.args) } : {}),
    ...(b.labels !== undefined ? { labels: toMapping(b.labels) as Record<string, string> } : {}),
  } as Service['build'];
}

/** One service in long form. `env_file` stays a list of paths until the project is finished. */
export function canonicalService(name: string, raw: Raw, baseDir: string): Service {
  const s: Service = { ...(raw as Partial<Service>), name } as Service;
  if (raw.build !== undefined) s.build = build(raw.build, baseDir);
  if (raw.command !== undefined) s.command = toCommand(raw.command);
  if (raw.entrypoint !== undefined) s.entrypoint = toCommand(raw.entrypoint);
  if (raw.environment !== undefined) s.environment = toMapping(raw.environment) as Record<string, string>;
  if (raw.env_file !== undefined) {
    s.env_file = (Array.isArray(raw.env_file) ? raw.env_file : [raw.env_file]).map((f): EnvFileRef =>
      isObject(f) ? { path: resolvePath(baseDir, str(f.path)), required: f.required !== false } : { path: resolvePath(baseDir, String(f)), required: true });
  }
  if (raw.labels !== undefined) s.labels = toMapping(raw.labels) as Record<string, string>;
  if (raw.ports !== undefined) s.ports = ports(raw.ports);
  if (raw.expose !== undefined) s.expose = toList(raw.expose);
  if (raw.volumes !== undefined) s.volumes = volumes(raw.volumes, baseDir);
  if (raw.depends_on !== undefined) s.depends_on = dependsOn(raw.depends_on);
  if (raw.networks !== undefined) {
    s.networks = Array.isArray(raw.networks)
      ? Object.fromEntries(raw.networks.map((n) => [String(n), null]))
      : Object.fromEntries(Object.entries(raw.networks as Raw).map(([k, v]) => [k, (v ?? null) as ServiceNetworkConfig | null]));
  }
  if (isObject(raw.healthcheck)) {
    const h = { ...raw.healthcheck } as Raw;
    if (typeof h.test === 'string') h.test = ['CMD-SHELL', h.test];
    s.healthcheck = h as Service['healthcheck'];
  }
  for (const k of ['tmpfs', 'dns', 'dns_search', 'cap_add', 'cap_drop', 'profiles', 'security_opt'] as const) {
    if (raw[k] !== undefined) (s as Raw)[k] = toList(raw[k]);
  }
  if (raw.extra_hosts !== undefined) {
    s.extra_hosts = isObject(raw.extra_hosts)
      ? Object.entries(raw.extra_hosts).flatMap(([h, ip]) => toList(ip).map((one) => `${h}:${one}`))
      : toList(raw.extra_hosts).map((e) => e.replace('=', ':'));
  }
  if (raw.sysctls !== undefined) s.sysctls = toMapping(raw.sysctls) as Record<string, string>;
  if (raw.secrets !== undefined) s.secrets = fileRefs(raw.secrets, (src) => `/run/secrets/${src}`);
  if (raw.configs !== undefined) s.configs = fileRefs(raw.configs, (src) => `/${src}`);
  if (raw.logging !== undefined && isObject(raw.logging)) {
    const l = raw.logging;
    s.logging = { ...(l.driver ? { driver: String(l.driver) } : {}), ...(l.options ? { options: toMapping(l.options) as Record<string, string> } : {}) };
  }
  for (const k of ['stop_grace_period'] as const) if (raw[k] !== undefined) (s as Raw)[k] = String(raw[k]);
  return s;
}

/** Top-level networks/volumes/secrets/configs: `key:` with no value is `{}`; file paths absolute. */
function objects(v: unknown, baseDir: string, withFile: boolean): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [k, val] of Object.entries(isObject(v) ? v : {})) {
    const o = { ...((val ?? {}) as Raw) };
    if (o.labels !== undefined) o.labels = toMapping(o.labels);
    if (isObject(o.external) && o.external.name) { o.name = o.external.name; o.external = true; }
    if (withFile && typeof o.file === 'string') o.file = resolvePath(baseDir, o.file);
    out[k] = o;
  }
  return out;
}

export function canonicalFile(data: Raw, baseDir: string): CanonicalFile {
  const services: Record<string, Service> = {};
  for (const [name, raw] of Object.entries(isObject(data.services) ? data.services : {})) {
    services[name] = canonicalService(name, (raw ?? {}) as Raw, baseDir);
  }
  return {
    ...(typeof data.name === 'string' ? { name: data.name } : {}),
    services,
    networks: objects(data.networks, baseDir, false),
    volumes: objects(data.volumes, baseDir, false),
    secrets: objects(data.secrets, baseDir, true),
    configs: objects(data.configs, baseDir, true),
  };
}
