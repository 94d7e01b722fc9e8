/**
 * `docker import --change` / `docker commit --change`: Dockerfile
 * instructions applied to an image config. Docker accepts CMD, ENTRYPOINT,
 * ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and
 * WORKDIR here; commands take the JSON (exec) or the shell form.
 */
import { posix } from 'node:path';
import { InvalidArgumentError, type ContainerConfigOfImage } from '@quai/common';

export function applyChanges(base: ContainerConfigOfImage, changes: string[]): ContainerConfigOfImage {
  const config: ContainerConfigOfImage = structuredClone(base);
  for (const raw of changes) {
    for (const line of raw.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) continue;
      applyOne(config, trimmed);
    }
  }
  return config;
}

function applyOne(config: ContainerConfigOfImage, line: string): void {
  const m = /^(\S+)\s*(.*)$/s.exec(line)!;
  const instruction = m[1]!.toLowerCase();
  const args = m[2]!.trim();
  switch (instruction) {
    case 'cmd': config.Cmd = commandForm(args); break;
    case 'entrypoint': config.Entrypoint = commandForm(args); break;
    case 'env': {
      const env = config.Env ?? [];
      for (const [k, v] of keyValues(args, 'ENV')) {
        const i = env.findIndex((e) => e.split('=')[0] === k);
        if (i >= 0) env[i] = `${k}=${v}`; else env.push(`${k}=${v}`);
      }
      config.Env = env;
      break;
    }
    case 'label':
      config.Labels = { ...config.Labels, ...Object.fromEntries(keyValues(args, 'LABEL')) };
      break;
    case 'expose': {
      const ports = { ...config.ExposedPorts };
      for (const spec of words(args)) for (const p of expandPorts(spec)) ports[p] = {};
      config.ExposedPorts = ports;
      break;
    }
    case 'volume': {
      const vols = { ...config.Volumes };
      for (const v of jsonArray(args) ?? words(args)) {
        if (!v.trim()) throw new InvalidArgumentError('VOLUME specified can not be an empty string');
        vols[v] = {};
      }
      config.Volumes = vols;
      break;
    }
    case 'user': config.User = oneArg(args, 'USER'); break;
    case 'stopsignal': config.StopSignal = oneArg(args, 'STOPSIGNAL'); break;
    case 'workdir': config.WorkingDir = posix.resolve(config.WorkingDir || '/', oneArg(args, 'WORKDIR')); break;
    case 'onbuild': config.OnBuild = [...(config.OnBuild ?? []), args]; break;
    case 'healthcheck': config.Healthcheck = healthcheck(args); break;
    default:
      throw new InvalidArgumentError(`${instruction} is not a valid change command`);
  }
}

/** `["a","b"]` as is; anything else is the shell form, run by /bin/sh -c. */
export function commandForm(args: string): string[] {
  return jsonArray(args) ?? ['/bin/sh', '-c', args];
}

function jsonArray(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch { /* not JSON: shell form */ }
  return undefined;
}

function oneArg(args: string, name: string): string {
  if (!args) throw new InvalidArgumentError(`${name} requires exactly one argument`);
  return args;
}

/** Shell-like words: whitespace splits, quotes group, backslash escapes. */
export function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c; inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i]; inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = ''; inWord = false;
    } else {
      cur += c; inWord = true;
    }
  }
  if (quote) throw new InvalidArgumentError(`unmatched quote in: ${s}`);
  if (inWord) out.push(cur);
  return out;
}

/** `k=v k2="v 2"`, or the legacy `KEY some value` form. */
export function keyValues(args: string, name: string): Array<[string, string]> {
  const first = /^\S+/.exec(args)?.[0] ?? '';
  if (!first) throw new InvalidArgumentError(`${name} requires at least one argument`);
  if (!first.includes('=')) {
    const value = args.slice(first.length).trim();
    if (!value) throw new InvalidArgumentError(`${name} must have two arguments`);
    return [[first, words(value).join(' ')]];
  }
  return words(args).map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`${name} names can not be blank`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

/** `80`, `80/udp`, `8000-8002` → `80/tcp` ... as Docker's nat.ParsePortSpecs. */
export function expandPorts(spec: string): string[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
  if (!m) throw new InvalidArgumentError(`invalid containerPort: ${spec}`);
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start;
  if (end < start || end > 65535) throw new InvalidArgumentError(`invalid range specified for container port: ${spec}`);
  const proto = (m[3] ?? 'tcp').toLowerCase();
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/;
const NANOS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function healthcheck(args: string): ContainerConfigOfImage['Healthcheck'] {
  if (/^none$/i.test(args)) return { Test: ['NONE'] };
  const hc: NonNullable<ContainerConfigOfImage['Healthcheck']> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    rest = rest.slice(m[0].length);
    const [, flag, value] = m as unknown as [string, string, string];
    if (flag === 'retries') { hc.Retries = Number(value); continue; }
    const d = DURATION.exec(value);
    if (!d) throw new InvalidArgumentError(`invalid duration for --${flag}: ${value}`);
    const ns = Number(d[1]) * NANOS[d[2]!]!;
    if (flag === 'interval') hc.Interval = ns;
    else if (flag === 'timeout') hc.Timeout = ns;
    else if (flag === 'start-period') hc.StartPeriod = ns;
    else if (flag === 'start-interval') hc.StartInterval = ns;
    else throw new InvalidArgumentError(`unknown flag: --${flag}`);
  }
  const cmd = /^cmd\s+(.*)$/is.exec(rest);
  if (!cmd) throw new InvalidArgumentError('Unknown type in HEALTHCHECK (try CMD)');
  const exec = jsonArray(cmd[1]!.trim());
  hc.Test = exec ? ['CMD', ...exec] : ['CMD-SHELL', cmd[1]!.trim()];
  return hc;
}
