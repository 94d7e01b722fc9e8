/**
 * Instructions → stages, the way the legacy builder walks them:
 *
 *   ARG BASE=busybox          global ARGs (before the first FROM): usable in FROM lines only,
 *   FROM ${BASE} AS build     unless a stage re-declares them (`ARG BASE` with no value)
 *   RUN ...
 *   FROM scratch              a stage may start from an earlier stage's name or index
 *   COPY --from=build ...
 *
 * `--target name` stops after that stage. Pure: no engine, no files.
 */
import type { Instruction, ParsedDockerfile } from './parse.js';
import { expandWord, expandWords } from './shell-word.js';

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, if any. */
  name?: string;
  /** The FROM reference after global-ARG substitution: an image ref, `scratch`, or an earlier stage's name/index. */
  base: string;
  /** The earlier stage it starts from, if `base` names one. */
  baseStage?: number;
  platform?: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface BuildPlan {
  escape: string;
  /** Global ARG declarations, name → default after substitution (undefined = no default). */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
  /** Steps echoed as `Step N/M`: every instruction of the stages built, FROMs and global ARGs included. */
  totalSteps: number;
}

export class PlanError extends Error {}

/** ARGs every build knows without a declaration (values come from --build-arg only). */
export const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

/** Platform ARGs (BuildKit's, also accepted by the legacy builder when declared). */
export function platformArgs(arch: string): Map<string, string> {
  const platform = `linux/${arch}`;
  return new Map([
    ['TARGETPLATFORM', platform], ['TARGETOS', 'linux'], ['TARGETARCH', arch], ['TARGETVARIANT', ''],
    ['BUILDPLATFORM', platform], ['BUILDOS', 'linux'], ['BUILDARCH', arch], ['BUILDVARIANT', ''],
  ]);
}

/** `ARG a=1 b` → [[a,'1'],[b,undefined]]. */
export function parseArgDecl(args: string, env: Map<string, string>, escape: string): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const word of splitKeepQuotes(args)) {
    const eq = word.indexOf('=');
    if (eq === 0) throw new PlanError('ARG names can not be blank');
    if (eq < 0) out.push([word, undefined]);
    else out.push([word.slice(0, eq), expandWord(word.slice(eq + 1), env, escape)]);
  }
  if (!out.length) throw new PlanError('ARG requires at least one argument');
  return out;
}

function splitKeepQuotes(s: string): string[] {
  return s.match(/(?:[^\s"']+|"(?:\\.|[^"])*"|'[^']*')+/g) ?? [];
}

export function planBuild(parsed: ParsedDockerfile, opts: { target?: string; buildArgs: Record<string, string | null>; arch?: string }): BuildPlan {
  const { escape } = parsed;
  const globalArgs = new Map<string, string | undefined>();
  const globalEnv = new Map<string, string>();
  const stages: Stage[] = [];
  let globalSteps = 0;
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'FROM') {
      stages.push(fromStage(ins, stages, globalEnv, escape));
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (ins.keyword !== 'ARG') throw new PlanError(`no build stage in current context`);
      globalSteps++;
      for (const [name, def] of parseArgDecl(ins.args, globalEnv, escape)) {
        globalArgs.set(name, def);
        const given = opts.buildArgs[name];
        const value = given !== undefined && given !== null ? given : def ?? platformArgs(opts.arch ?? 'amd64').get(name);
        if (value !== undefined) globalEnv.set(name, value); else globalEnv.delete(name);
      }
      continue;
    }
    stage.instructions.push(ins);
  }
  if (!stages.length) throw new PlanError('no build stage in current context');
  let last = stages.length - 1;
  if (opts.target) {
    const t = opts.target.toLowerCase();
    last = stages.findIndex((s) => s.name === t);
    if (last < 0) throw new PlanError(`failed to reach build target ${opts.target} in Dockerfile`);
  }
  const built = stages.slice(0, last + 1);
  const totalSteps = globalSteps + built.reduce((n, s) => n + 1 + s.instructions.length, 0);
  return { escape, globalArgs, stages: built, totalSteps };
}

function fromStage(ins: Instruction, stages: Stage[], globalEnv: Map<string, string>, escape: string): Stage {
  const words = expandWords(ins.args, globalEnv, escape);
  let name: string | undefined;
  if (words.length === 3 && words[1]!.toLowerCase() === 'as') {
    name = words[2]!.toLowerCase();
    if (!/^[a-z][a-z0-9-_.]*$/.test(name)) throw new PlanError(`invalid name for build stage: "${words[2]}", name can't start with a number or contain symbols`);
    if (stages.some((s) => s.name === name)) throw new PlanError(`duplicate name ${name}`);
  } else if (words.length !== 1) {
    throw new PlanError('FROM requires either one or three arguments');
  }
  const base = words[0]!;
  if (!base) throw new PlanError(`base name (${ins.args}) should not be blank`);
  const byName = stages.find((s) => s.name === base.toLowerCase());
  const platform = ins.flags.platform ? expandWord(ins.flags.platform, globalEnv, escape) : undefined;
  return { index: stages.length, name, base, baseStage: byName?.index, platform, from: ins, instructions: [] };
}

/** Which stage `--from=x` names: a stage name or index before `current`; undefined = an image. */
export function stageRef(stages: Stage[], ref: string, current: number): number | undefined {
  const byName = stages.find((s) => s.name === ref.toLowerCase());
  if (byName && byName.index < current) return byName.index;
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    if (i >= current) throw new PlanError(`invalid from flag value ${ref}: refers to current build stage or later`);
    return i;
  }
  return undefined;
}
