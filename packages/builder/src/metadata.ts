/**
 * Instructions that change only the image config (ENV, CMD, LABEL ...):
 * pure functions from the current config to the next, plus the history
 * line the legacy builder writes for them (`/bin/sh -c #(nop)  ENV A=1`).
 */
import { posix } from 'node:path';
import type { ContainerConfigOfImage } from '@quai/common';
import type { Instruction } from './parse.js';
import { expandWord, expandWords, rawWords, type Env } from './shell-word.js';

export class InstructionError extends Error {}

export interface MetadataResult {
  config: ContainerConfigOfImage;
  /** The instruction as history shows it, after `#(nop) `. */
  nop: string;
}

/** `["a","b"]` → exec form, else undefined (shell form). */
export function jsonForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch { /* shell form */ }
  return undefined;
}

export function shellOf(config: ContainerConfigOfImage): string[] {
  return config.Shell?.length ? config.Shell : ['/bin/sh', '-c'];
}

/** Exec form as given, shell form through SHELL. */
export function commandOf(args: string, config: ContainerConfigOfImage): { cmd: string[]; shell: boolean } {
  const exec = jsonForm(args);
  return exec ? { cmd: exec, shell: false } : { cmd: [...shellOf(config), args], shell: true };
}

/** `k=v k2="a b"` or legacy `k some value`, expanded. */
export function keyValues(args: string, env: Env, escape: string, what: string): Array<[string, string]> {
  const words = rawWords(args, escape);
  if (!words.length) throw new InstructionError(`${what} requires at least one argument`);
  if (!words[0]!.includes('=')) {
    if (words.length < 2) throw new InstructionError(`${what} must have two arguments`);
    const rest = args.trim().slice(words[0]!.length).trim();
    return [[expandWord(words[0]!, env, escape), expandWord(rest, env, escape)]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) throw new InstructionError(`Syntax error - can't find = in "${w}". Must be of the form: name=value`);
    if (eq === 0) throw new InstructionError(`${what} names can not be blank`);
    return [expandWord(w.slice(0, eq), env, escape), expandWord(w.slice(eq + 1), env, escape)];
  });
}

export function setEnv(list: string[] | undefined, key: string, value: string): string[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((e) => e.split('=')[0] === key);
  if (i >= 0) out[i] = `${key}=${value}`; else out.push(`${key}=${value}`);
  return out;
}

const NANOS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function duration(v: string, flag: string): number {
  let total = 0;
  let rest = v;
  if (v === '0') return 0;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) throw new InstructionError(`time: invalid duration "${v}" for --${flag}`);
    total += Number(m[1]) * NANOS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Applies one metadata instruction; undefined when `ins` is not one. */
export function applyMetadata(ins: Instruction, config: ContainerConfigOfImage, env: Env, escape: string): MetadataResult | undefined {
  const c: ContainerConfigOfImage = structuredClone(config);
  const a = ins.args;
  switch (ins.keyword) {
    case 'ENV': {
      const kvs = keyValues(a, env, escape, 'ENV');
      for (const [k, v] of kvs) c.Env = setEnv(c.Env, k, v);
      return { config: c, nop: ` ENV ${kvs.map(([k, v]) => `${k}=${v}`).join(' ')}` };
    }
    case 'LABEL': {
      const kvs = keyValues(a, env, escape, 'LABEL');
      c.Labels = { ...c.Labels, ...Object.fromEntries(kvs) };
      return { config: c, nop: ` LABEL ${kvs.map(([k, v]) => `${k}=${v}`).join(' ')}` };
    }
    case 'MAINTAINER': {
      const name = expandWord(a, env, escape);
      return { config: c, nop: ` MAINTAINER ${name}` };
    }
    case 'CMD': case 'ENTRYPOINT': {
      const exec = jsonForm(a);
      const cmd = exec ?? (a.trim() ? [...shellOf(c), a] : []);
      if (ins.keyword === 'CMD') c.Cmd = cmd;
      else c.Entrypoint = cmd.length ? cmd : null; // the caller drops an inherited CMD (Docker's cmdSet rule)
      const shown = exec ? JSON.stringify(exec) : JSON.stringify(cmd);
      return { config: c, nop: ` ${ins.keyword} ${shown}` };
    }
    case 'EXPOSE': {
      const ports: string[] = [];
      for (const w of expandWords(a, env, escape)) {
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(w);
        if (!m) throw new InstructionError(`Invalid containerPort: ${w}`);
        for (let p = Number(m[1]); p <= Number(m[2] ?? m[1]); p++) ports.push(`${p}/${(m[3] ?? 'tcp').toLowerCase()}`);
      }
      c.ExposedPorts = { ...c.ExposedPorts, ...Object.fromEntries(ports.map((p) => [p, {}])) };
      return { config: c, nop: ` EXPOSE ${ports.join(' ')}` };
    }
    case 'VOLUME': {
      const vols = jsonForm(a)?.map((v) => expandWord(v, env, escape)) ?? expandWords(a, env, escape);
      if (!vols.length || vols.some((v) => !v.trim())) throw new InstructionError('VOLUME specified can not be an empty string');
      c.Volumes = { ...c.Volumes, ...Object.fromEntries(vols.map((v) => [v, {}])) };
      return { config: c, nop: ` VOLUME ${JSON.stringify(vols)}` };
    }
    case 'USER': {
      c.User = expandWord(a, env, escape);
      if (!c.User) throw new InstructionError('USER requires exactly one argument');
      return { config: c, nop: ` USER ${c.User}` };
    }
    case 'WORKDIR': {
      const dir = expandWord(a, env, escape);
      if (!dir) throw new InstructionError('WORKDIR requires exactly one argument');
      c.WorkingDir = posix.resolve(c.WorkingDir || '/', dir);
      return { config: c, nop: `WORKDIR ${c.WorkingDir}` };
    }
    case 'STOPSIGNAL': {
      const sig = expandWord(a, env, escape);
      if (!/^(SIG)?[A-Z0-9+]+$|^\d+$/.test(sig)) throw new InstructionError(`Invalid signal: ${sig}`);
      c.StopSignal = sig;
      return { config: c, nop: ` STOPSIGNAL ${sig}` };
    }
    case 'SHELL': {
      const shell = jsonForm(a);
      if (!shell?.length) throw new InstructionError('SHELL requires the arguments to be in JSON form');
      c.Shell = shell;
      return { config: c, nop: ` SHELL ${JSON.stringify(shell)}` };
    }
    case 'ONBUILD': {
      const trigger = a.trim();
      const kw = trigger.split(/\s+/)[0]!.toUpperCase();
      if (kw === 'ONBUILD') throw new InstructionError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (kw === 'FROM' || kw === 'MAINTAINER') throw new InstructionError(`${kw} isn't allowed as an ONBUILD trigger`);
      c.OnBuild = [...(c.OnBuild ?? []), trigger];
      return { config: c, nop: ` ONBUILD ${trigger}` };
    }
    case 'HEALTHCHECK': {
      c.Healthcheck = healthcheck(a);
      return { config: c, nop: ` HEALTHCHECK ${JSON.stringify(c.Healthcheck)}` };
    }
    default:
      return undefined;
  }
}

function healthcheck(args: string): NonNullable<ContainerConfigOfImage['Healthcheck']> {
  if (/^none$/i.test(args.trim())) return { Test: ['NONE'] };
  const hc: NonNullable<ContainerConfigOfImage['Healthcheck']> = {};
  let rest = args.trim();
  for (let m = /^--([a-z-]+)=(\S+)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    rest = rest.slice(m[0].length);
    const [, flag, value] = m as unknown as [string, string, string];
    if (flag === 'retries') { hc.Retries = Number(value); continue; }
    const ns = duration(value, flag);
    if (flag === 'interval') hc.Interval = ns;
    else if (flag === 'timeout') hc.Timeout = ns;
    else if (flag === 'start-period') hc.StartPeriod = ns;
    else if (flag === 'start-interval') hc.StartInterval = ns;
    else throw new InstructionError(`Unknown flag: ${flag}`);
  }
  const cmd = /^cmd\s+([\s\S]*)$/i.exec(rest);
  if (!cmd) throw new InstructionError('Unknown type "' + rest.split(/\s/)[0] + '" in HEALTHCHECK (try CMD)');
  const exec = jsonForm(cmd[1]!.trim());
  hc.Test = exec ? ['CMD', ...exec] : ['CMD-SHELL', cmd[1]!.trim()];
  return hc;
}
