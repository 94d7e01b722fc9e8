/**
 * Flags of `run`/`create` → the body of POST /containers/create, as Docker's
 * CLI builds it (cli/command/container/opts.go):
 *
 *   -m 64m            → HostConfig.Memory 67108864
 *   --cpus 1.5        → HostConfig.NanoCpus 1500000000
 *   --ulimit nofile=1024:2048 → HostConfig.Ulimits [{Name, Hard: 2048, Soft: 1024}]
 *   -e A=1 --env-file f → Config.Env (file first, then -e)
 *   image + rest      → Config.Image, Config.Cmd
 *
 * Pure: reads files and the environment only through the `io` seam.
 */
import { resolve } from 'node:path';
import { UsageError, type FlagValue, type Parsed } from '../../args/parse.js';
import { ramInBytes } from '@quai/common';
import { healthcheckFromFlags } from './health-flags.js';

export interface OptionsIo {
  readFile(path: string): string;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CreateRequest {
  name?: string;
  platform?: string;
  body: Record<string, unknown> & { Config?: never; HostConfig: Record<string, unknown> };
}

function flagError(value: string, flag: string, why: string): UsageError {
  return new UsageError(`invalid argument "${value}" for "${flag}" flag: ${why}`);
}

function bytes(value: string, flag: string): number {
  if (value === '-1' && flag.includes('swap')) return -1;
  try {
    return ramInBytes(value);
  } catch (err) {
    throw flagError(value, flag, (err as Error).message);
  }
}

/** "1.5" → 1500000000 exactly (Docker parses with big.Rat). */
export function parseNanoCpus(value: string): number {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || (!m[1] && !m[2])) throw flagError(value, '--cpus', `failed to parse ${value} as a rational number`);
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > 9) throw flagError(value, '--cpus', 'value is too precise');
  return Number(m[1] || '0') * 1e9 + Number((frac + '000000000').slice(0, 9));
}

/** Docker's ValidateEnv: `A=B` as is, `A` takes the caller's value if set. */
export function envEntry(value: string, env: Record<string, string | undefined>): string {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (!key) throw flagError(value, '-e, --env', `invalid environment variable: ${value}`);
  if (eq >= 0) return value;
  const v = env[key];
  return v !== undefined ? `${key}=${v}` : value;
}

/** Docker's ParseEnvFile / label files: `#` comments, blanks skipped, bare names from env. */
export function parseKeyValueFile(text: string, file: string, lookup?: (k: string) => string | undefined): string[] {
  const out: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, n) => {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!key) throw new Error(`no variable name on line '${line}' (${file}:${n + 1})`);
    if (/\s/.test(key)) throw new Error(`variable '${key.trimEnd()}' contains whitespaces`);
    if (eq >= 0) out.push(line);
    else if (lookup) {
      const v = lookup(key);
      if (v !== undefined) out.push(`${key}=${v}`);
    } else out.push(line);
  });
  return out;
}

const ULIMITS = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']);

/** "nofile=1024:2048" → { Name, Hard, Soft } (Docker's field order). */
export function parseUlimit(value: string): { Name: string; Hard: number; Soft: number } {
  const eq = value.indexOf('=');
  if (eq < 0) throw flagError(value, '--ulimit', `invalid ulimit argument: ${value}`);
  const name = value.slice(0, eq);
  if (!ULIMITS.has(name)) throw flagError(value, '--ulimit', `invalid ulimit type: ${name}`);
  const [softText, hardText, extra] = value.slice(eq + 1).split(':');
  if (extra !== undefined) throw flagError(value, '--ulimit', `too many limit value arguments - ${value.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  const num = (t: string) => {
    if (!/^-?\d+$/.test(t)) throw flagError(value, '--ulimit', `strconv.ParseInt: parsing "${t}": invalid syntax`);
    return Number(t);
  };
  const soft = num(softText);
  const hard = hardText === undefined ? soft : num(hardText);
  if (soft > hard) throw flagError(value, '--ulimit', `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { Name: name, Hard: hard, Soft: soft };
}

/** -p [ip:][hostPort:]containerPort[/proto] → exposed ports and bindings. */
export function parsePublish(value: string): { port: string; binding: { HostIp: string; HostPort: string } }[] {
  const slash = value.lastIndexOf('/');
  const proto = slash >= 0 && !value.slice(slash).includes(':') ? value.slice(slash + 1) : 'tcp';
  const spec = slash >= 0 && !value.slice(slash).includes(':') ? value.slice(0, slash) : value;
  let ip = '';
  let rest = spec;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (v6) {
    ip = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) ip = parts.shift()!;
  if (parts.length > 2 || parts.length === 0) throw flagError(value, '-p, --publish', `invalid port format: ${value}`);
  const containerPart = parts[parts.length - 1];
  const hostPart = parts.length === 2 ? parts[0] : '';
  const range = (t: string) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(t);
    if (!m) throw flagError(value, '-p, --publish', `invalid containerPort: ${t}`);
    return [Number(m[1]), Number(m[2] ?? m[1])] as const;
  };
  const [c0, c1] = range(containerPart);
  const hostRange = hostPart ? range(hostPart) : undefined;
  const out = [];
  for (let p = c0; p <= c1; p++) {
    let hostPort = hostPart;
    if (hostRange && c1 > c0) hostPort = String(hostRange[0] + (p - c0));
    out.push({ port: `${p}/${proto}`, binding: { HostIp: ip, HostPort: hostPort } });
  }
  return out;
}

/** `--device HOST[:CONTAINER][:PERMISSIONS]`, as Docker's CLI reads it (opts.ParseDevice). */
export function parseDevice(value: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const parts = value.split(':');
  const validMode = (m: string) => /^[rwm]{1,3}$/.test(m) && new Set(m).size === m.length;
  let [src = '', dst = '', perms = 'rwm'] = parts;
  if (parts.length === 2 && validMode(parts[1]!)) [dst, perms] = ['', parts[1]!];
  if (parts.length > 3 || !src) throw flagError(value, '--device', `invalid device specification: ${value}`);
  if (!validMode(perms)) throw flagError(value, '--device', `bad mode specified: ${perms}`);
  dst ||= src;
  if (!dst.startsWith('/')) throw flagError(value, '--device', `bad format for path: ${dst}`);
  return { PathOnHost: src, PathInContainer: dst, CgroupPermissions: perms };
}

/**
 * `--security-opt` as Docker's CLI sends it: a seccomp profile named by its
 * file goes as its content (the daemon cannot read the client's files);
 * `systempaths=unconfined` becomes empty masked and read-only path lists.
 */
function securityOptions(values: string[], io: OptionsIo): { opts: string[]; unconfinedPaths: boolean } {
  const opts: string[] = [];
  let unconfinedPaths = false;
  for (const opt of values) {
    const m = /^(seccomp|systempaths)[=:](.*)$/s.exec(opt);
    if (m?.[1] === 'systempaths' && m[2] === 'unconfined') { unconfinedPaths = true; continue; }
    if (m?.[1] === 'seccomp' && m[2] !== 'unconfined' && m[2] !== 'builtin') {
      let profile: string;
      try {
        profile = JSON.stringify(JSON.parse(io.readFile(resolve(io.cwd, m[2]!))));
      } catch (err) {
        throw new UsageError(`opening seccomp profile (${m[2]}) failed: ${(err as Error).message}`);
      }
      opts.push(`seccomp=${profile}`);
      continue;
    }
    opts.push(opt);
  }
  return { opts, unconfinedPaths };
}

function normalizeCap(cap: string): string {
  const up = cap.toUpperCase();
  return up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`;
}

function list(v: FlagValue | undefined): string[] {
  return Array.isArray(v) ? v : [];
}

/** Build the create request from parsed `run`/`create` flags; `args[0]` is the image. */
export function buildCreateRequest(parsed: Parsed, io: OptionsIo, opts: { detach?: boolean } = {}): CreateRequest {
  const f = parsed.flags;
  const changed = parsed.changed;
  const [image, ...cmd] = parsed.args;
  const str = (k: string) => (f[k] as string) || '';

  const env: string[] = [];
  for (const file of list(f['env-file'])) {
    env.push(...wrapFileError(() => parseKeyValueFile(io.readFile(file), file, (k) => io.env[k]), '--env-file', file));
  }
  for (const e of list(f.env)) env.push(envEntry(e, io.env));

  const labels: Record<string, string> = {};
  const labelLines = [
    ...list(f['label-file']).flatMap((file) => wrapFileError(() => parseKeyValueFile(io.readFile(file), file), '--label-file', file)),
    ...list(f.label),
  ];
  for (const l of labelLines) {
    const eq = l.indexOf('=');
    labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
  }

  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of list(f.publish)) {
    for (const { port, binding } of parsePublish(p)) {
      exposed[port] = {};
      (bindings[port] ??= []).push(binding);
    }
  }
  for (const e of list(f.expose)) {
    const [ports, proto = 'tcp'] = e.split('/');
    const [a, b = a] = ports.split('-').map(Number);
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw flagError(e, '--expose', `invalid range format for --expose: ${e}`);
    for (let p = a; p <= b; p++) exposed[`${p}/${proto}`] = {};
  }

  const volumes: Record<string, object> = {};
  const binds: string[] = [];
  for (const v of list(f.volume)) {
    const parts = v.split(':');
    if (parts.length === 1) volumes[v] = {};
    else {
      if (parts[0].startsWith('.')) parts[0] = resolve(io.cwd, parts[0]);
      binds.push(parts.join(':'));
    }
  }

  const attach = list(f.attach).map((s) => s.toLowerCase());
  const detach = opts.detach ?? false;
  if (detach && attach.length) throw new Error('conflicting options: cannot specify both --attach and --detach');
  const interactive = f.interactive === true;
  const attachStdin = attach.length ? attach.includes('stdin') : interactive && !detach;
  const attachStdout = attach.length ? attach.includes('stdout') : !detach;
  const attachStderr = attach.length ? attach.includes('stderr') : !detach;

  let restart = { Name: 'no', MaximumRetryCount: 0 };
  if (str('restart')) {
    const [name, count] = str('restart').split(':');
    if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(name)) throw flagError(str('restart'), '--restart', `invalid restart policy format: ${str('restart')}`);
    restart = { Name: name, MaximumRetryCount: count ? Number(count) : 0 };
  }
  if (f.rm === true && restart.Name !== 'no') throw new Error('conflicting options: cannot specify both --restart and --rm');

  const network = str('network') || str('net') || 'default';
  const sysctls: Record<string, string> = {};
  for (const s of list(f.sysctl)) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw flagError(s, '--sysctl', `${s} is not a valid sysctl`);
    sysctls[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const tmpfs: Record<string, string> = {};
  for (const t of list(f.tmpfs)) {
    const c = t.indexOf(':');
    tmpfs[c < 0 ? t : t.slice(0, c)] = c < 0 ? '' : t.slice(c + 1);
  }
  const logOpts: Record<string, string> = {};
  for (const o of list(f['log-opt'])) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw flagError(o, '--log-opt', `invalid key value pair format in log-opt: ${o}`);
    logOpts[o.slice(0, eq)] = o.slice(eq + 1);
  }

  let entrypoint: string[] | null = null;
  if (str('entrypoint')) entrypoint = [str('entrypoint')];
  else if (changed.has('entrypoint')) entrypoint = ['']; // `--entrypoint=` resets the image's

  const security = securityOptions(list(f['security-opt']), io);
  const hostConfig: Record<string, unknown> = {
    Binds: binds.length ? binds : null,
    LogConfig: { Type: str('log-driver'), Config: logOpts },
    NetworkMode: network,
    PortBindings: bindings,
    RestartPolicy: restart,
    AutoRemove: f.rm === true,
    ConsoleSize: [0, 0],
    CapAdd: list(f['cap-add']).length ? list(f['cap-add']).map(normalizeCap) : null,
    CapDrop: list(f['cap-drop']).length ? list(f['cap-drop']).map(normalizeCap) : null,
    Dns: list(f.dns),
    ExtraHosts: list(f['add-host']).length ? list(f['add-host']) : null,
    GroupAdd: list(f['group-add']).length ? list(f['group-add']) : null,
    IpcMode: str('ipc'),
    PidMode: str('pid'),
    Privileged: f.privileged === true,
    PublishAllPorts: f['publish-all'] === true,
    ReadonlyRootfs: f['read-only'] === true,
    SecurityOpt: security.opts.length ? security.opts : null,
    ...(security.unconfinedPaths ? { MaskedPaths: [], ReadonlyPaths: [] } : {}),
    UTSMode: str('uts'),
    UsernsMode: str('userns'),
    ShmSize: str('shm-size') ? bytes(str('shm-size'), '--shm-size') : 0,
    CpuShares: f['cpu-shares'] as number,
    Memory: str('memory') ? bytes(str('memory'), '-m, --memory') : 0,
    NanoCpus: str('cpus') ? parseNanoCpus(str('cpus')) : 0,
    CpusetCpus: str('cpuset-cpus'),
    MemoryReservation: str('memory-reservation') ? bytes(str('memory-reservation'), '--memory-reservation') : 0,
    MemorySwap: str('memory-swap') ? bytes(str('memory-swap'), '--memory-swap') : 0,
    MemorySwappiness: -1,
    OomKillDisable: f['oom-kill-disable'] === true,
    PidsLimit: f['pids-limit'] as number,
    Ulimits: list(f.ulimit).map(parseUlimit),
    Devices: list(f.device).map(parseDevice),
    DeviceCgroupRules: list(f['device-cgroup-rule']).map((rule) => {
      if (!/^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/.test(rule)) throw flagError(rule, '--device-cgroup-rule', `invalid device cgroup format '${rule}'`);
      return rule;
    }),
  };
  if (Object.keys(sysctls).length) hostConfig.Sysctls = sysctls;
  if (Object.keys(tmpfs).length) hostConfig.Tmpfs = tmpfs;
  if (str('runtime')) hostConfig.Runtime = str('runtime');
  if (changed.has('init')) hostConfig.Init = f.init === true;

  const healthcheck = healthcheckFromFlags(f, changed);
  const body: Record<string, unknown> = {
    Hostname: str('hostname'),
    Domainname: '',
    User: str('user'),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    Tty: f.tty === true,
    OpenStdin: interactive,
    StdinOnce: interactive && !detach,
    Env: env.length ? env : null,
    Cmd: cmd.length ? cmd : null,
    Image: image,
    Volumes: volumes,
    WorkingDir: str('workdir'),
    Entrypoint: entrypoint,
    Labels: labels,
    ...(str('stop-signal') ? { StopSignal: str('stop-signal') } : {}),
    ...(changed.has('stop-timeout') ? { StopTimeout: f['stop-timeout'] } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    HostConfig: hostConfig,
    // Docker sends an endpoint for "default" and user-defined networks only
    NetworkingConfig: { EndpointsConfig: /^(bridge|host|none|container:.*)$/.test(network) ? {} : { [network]: endpointConfig(f) } },
  };
  return {
    name: str('name') || undefined,
    platform: str('platform') || undefined,
    body: body as CreateRequest['body'],
  };
}

/** --network-alias and --ip for the one user-defined network given. */
function endpointConfig(f: Record<string, unknown>): Record<string, unknown> {
  const aliases = (f['network-alias'] as string[] | undefined) ?? [];
  const ip = f.ip as string | undefined;
  return { ...(aliases.length ? { Aliases: aliases } : {}), ...(ip ? { IPAMConfig: { IPv4Address: ip } } : {}) };
}

function wrapFileError<T>(fn: () => T, flag: string, file: string): T {
  try {
    return fn();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw flagError(file, flag, `open ${file}: no such file or directory`);
    throw flagError(file, flag, e.message);
  }
}
