/**
 * Runs a build plan on the engine, step by step, as Docker's legacy builder:
 * every step makes an image (metadata-only steps share their parent's
 * layers), RUN in a real container that is committed and removed, COPY/ADD
 * into a writable layer mounted for the step. Each step is first looked up
 * in the cache; after the first miss the rest of the build runs for real.
 */
import { join, posix } from 'node:path';
import { InvalidArgumentError, type ContainerConfigOfImage } from '@quai/common';
import { defaultSpec, openRoot, withRoot, type EngineScope, type ImageRecord, type InRoot } from '@quai/engine';
import { cacheKey, type BuildCache } from './cache.js';
import { CacheFrom } from './cache-from.js';
import { dropIgnoredBuildFiles } from './build-files.js';
import { copyInto, destPath, download, hashSources, hasWildcard, resolveSources, type Source } from './copy.js';
import { applyMetadata, commandOf, jsonForm, setEnv, shellOf } from './metadata.js';
import { DockerfileSyntaxError, parseDockerfile, type Instruction } from './parse.js';
import { parseArgDecl, planBuild, platformArgs, PROXY_ARGS, stageRef, type BuildPlan, type Stage } from './plan.js';
import { expandWord, expandWords } from './shell-word.js';
import { resolveOwner } from './owner.js';

export interface BuildOptions {
  contextDir: string;
  /** Path of the Dockerfile inside the context. */
  dockerfile?: string;
  tags?: string[];
  buildArgs?: Record<string, string | null>;
  target?: string;
  noCache?: boolean;
  /** Remove intermediate containers (default true); `forceRm` also after a failure. */
  rm?: boolean;
  forceRm?: boolean;
  labels?: Record<string, string>;
  networkMode?: string;
  /** `--add-host host:ip` for RUN steps. */
  extraHosts?: string[];
  /** `--cache-from`: images whose history may stand in for steps (cache-from.ts). */
  cacheFrom?: string[];
}

export interface BuildOutput {
  /** Lines for the user (`Step 1/3 : FROM busybox\n`). */
  stream(text: string): void;
  aux(value: unknown): void;
}

/** A failed build; `code` is a failed RUN's exit status (the docker CLI exits with it). */
export class BuildError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
  }
}

interface StageState {
  image?: ImageRecord;
  config: ContainerConfigOfImage;
  /** ARGs declared in this stage, with the value each has (undefined = none). */
  args: Map<string, string | undefined>;
  cmdSet: boolean;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

export async function build(engine: EngineScope, cache: BuildCache, opts: BuildOptions, out: BuildOutput): Promise<ImageRecord> {
  // Every path of the build is read inside the context: the context is a root (engine host/in-root.ts).
  return withRoot(opts.contextDir, (context) => buildIn(context, engine, cache, opts, out));
}

async function buildIn(context: InRoot, engine: EngineScope, cache: BuildCache, opts: BuildOptions, out: BuildOutput): Promise<ImageRecord> {
  const dfName = opts.dockerfile || 'Dockerfile';
  const lexical = posix.normalize(dfName);
  if (lexical === '..' || lexical.startsWith('../')) throw new InvalidArgumentError(`Forbidden path outside the build context: ${dfName} ()`);
  const text = await context.readFile(dfName).then((b) => b.toString('utf8'), () => {
    throw new BuildError(`Cannot locate specified Dockerfile: ${dfName}`);
  });
  // Docker's words, and 400s: the build has not begun.
  if (text.length === 0) throw new InvalidArgumentError(`the Dockerfile (${dfName}) cannot be empty`);
  let dockerfile;
  try {
    dockerfile = parseDockerfile(text);
  } catch (err) {
    throw err instanceof DockerfileSyntaxError ? new DockerfileSyntaxError(`failed to parse ${dfName}: ${err.message}`) : err;
  }
  await dropIgnoredBuildFiles(context, dfName);
  const buildArgs = opts.buildArgs ?? {};
  const plan = planBuild(dockerfile, { target: opts.target, buildArgs, arch: archOf() });
  const cacheFrom = opts.cacheFrom?.length ? await CacheFrom.open(engine, opts.cacheFrom) : undefined;
  const b = new Builder(engine, cache, context, opts, out, plan, buildArgs, cacheFrom);
  const image = await b.run(text);
  return image;
}

function archOf(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

class Builder {
  private step = 0;
  private cacheBusted: boolean;
  private readonly stageImages: Array<ImageRecord | undefined> = [];
  private readonly usedArgs = new Set<string>();

  constructor(
    private readonly engine: EngineScope,
    private readonly cache: BuildCache,
    private readonly context: InRoot,
    private readonly opts: BuildOptions,
    private readonly out: BuildOutput,
    private readonly plan: BuildPlan,
    private readonly buildArgs: Record<string, string | null>,
    private readonly cacheFrom: CacheFrom | undefined,
  ) {
    this.cacheBusted = !!opts.noCache;
  }

  async run(_text: string): Promise<ImageRecord> {
    for (const [name, def] of this.plan.globalArgs) {
      this.echo(`ARG ${name}${def !== undefined ? `=${def}` : ''}`);
    }
    let last: StageState | undefined;
    for (const stage of this.plan.stages) {
      last = await this.runStage(stage);
      this.stageImages[stage.index] = last.image;
    }
    let image = last!.image;
    if (this.opts.labels && Object.keys(this.opts.labels).length) {
      const config = { ...last!.config, Labels: { ...last!.config.Labels, ...this.opts.labels } };
      image = await this.engine.images.commit({ parent: image, config, createdBy: `${shellOf(config).join(' ')} #(nop)  LABEL ${Object.entries(this.opts.labels).map(([k, v]) => `${k}=${v}`).join(' ')}` });
    }
    if (!image) throw new BuildError('No image was generated. Is your Dockerfile empty?');
    const unused = Object.keys(this.buildArgs).filter((a) => !this.usedArgs.has(a) && !PROXY_ARGS.includes(a));
    if (unused.length) this.out.stream(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed\n`);
    this.out.aux({ ID: image.id });
    this.out.stream(`Successfully built ${short(image.id)}\n`);
    for (const tag of this.opts.tags ?? []) {
      await this.engine.images.tag(image.id, tag);
      this.out.stream(`Successfully tagged ${tag.includes(':') && !tag.includes('/') || /:[^/]+$/.test(tag) ? tag : `${tag}:latest`}\n`);
    }
    return image;
  }

  private echo(original: string): void {
    this.step++;
    this.out.stream(`Step ${this.step}/${this.plan.totalSteps} : ${original}\n`);
  }

  private async runStage(stage: Stage): Promise<StageState> {
    this.echo(stage.from.original);
    let image: ImageRecord | undefined;
    if (stage.baseStage !== undefined) image = this.stageImages[stage.baseStage];
    else if (stage.base.toLowerCase() !== 'scratch') image = await this.baseImage(stage.base);
    this.out.stream(` ---> ${image ? short(image.id) : ''}\n`);
    const state: StageState = { image, config: structuredClone(image?.config.config ?? {}), args: new Map(), cmdSet: false };
    if (!image) state.config = { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] };
    const triggers = state.config.OnBuild ?? [];
    state.config.OnBuild = null;
    if (triggers.length) {
      this.out.stream(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
      for (const t of triggers) {
        for (const ins of parseDockerfile(t).instructions) await this.dispatch(stage, state, ins);
      }
    }
    for (const ins of stage.instructions) {
      this.echo(ins.original);
      await this.dispatch(stage, state, ins);
    }
    return state;
  }

  private async baseImage(ref: string): Promise<ImageRecord> {
    try {
      return await this.engine.images.get(ref);
    } catch {
      throw new BuildError(`pull access denied for ${ref.split(':')[0]}, repository does not exist or may require 'docker login': No such image: ${ref}`);
    }
  }

  /** Values for substitution: ENV wins over ARG. */
  private env(state: StageState): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of state.args) if (v !== undefined) env.set(k, v);
    for (const e of state.config.Env ?? []) {
      const i = e.indexOf('=');
      env.set(i < 0 ? e : e.slice(0, i), i < 0 ? '' : e.slice(i + 1));
    }
    return env;
  }

  private async dispatch(stage: Stage, state: StageState, ins: Instruction): Promise<void> {
    const env = this.env(state);
    const escape = this.plan.escape;
    if (ins.keyword === 'ARG') return this.arg(state, ins, env);
    if (ins.keyword === 'RUN') return this.runStep(state, ins);
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') return this.copyStep(stage, state, ins, env);
    if (ins.keyword === 'FROM') throw new BuildError('FROM is not allowed here');
    const result = applyMetadata(ins, state.config, env, escape);
    if (!result) throw new BuildError(`unknown instruction: ${ins.keyword}`);
    if (ins.keyword === 'CMD') state.cmdSet = true;
    if (ins.keyword === 'ENTRYPOINT' && !state.cmdSet) result.config.Cmd = null;
    await this.commitStep(state, result.config, `${shellOf(state.config).join(' ')} #(nop) ${result.nop}`);
  }

  private async arg(state: StageState, ins: Instruction, env: Map<string, string>): Promise<void> {
    const decls = parseArgDecl(ins.args, env, this.plan.escape);
    const platform = platformArgs(archOf());
    for (const [name, def] of decls) {
      const given = this.buildArgs[name];
      this.usedArgs.add(name);
      // A stage's `ARG X` without a value inherits the global default.
      const inherited = def ?? this.plan.globalArgs.get(name) ?? platform.get(name);
      state.args.set(name, given !== undefined && given !== null ? given : inherited);
    }
    const shown = decls.map(([k, v]) => (v !== undefined ? `${k}=${v}` : k)).join(' ');
    await this.commitStep(state, state.config, `${shellOf(state.config).join(' ')} #(nop)  ARG ${shown}`);
  }

  /** Cache probe, else `make`; prints the Docker lines either way. */
  private async cached(state: StageState, createdBy: string, config: ContainerConfigOfImage, make: () => Promise<ImageRecord>): Promise<void> {
    const key = cacheKey(state.image?.id ?? '', createdBy, config);
    if (!this.cacheBusted) {
      const hit = await this.cache.get(key);
      let image = hit ? await this.engine.images.get(hit).catch(() => undefined) : undefined;
      if (this.cacheFrom) image = await this.cacheFrom.find(state.image, createdBy, config, image);
      if (image) {
        this.out.stream(` ---> Using cache\n ---> ${short(image.id)}\n`);
        state.image = image;
        state.config = structuredClone(image.config.config ?? {});
        return;
      }
      this.cacheBusted = true;
    }
    const image = await make();
    await this.cache.put(key, image.id);
    this.out.stream(` ---> ${short(image.id)}\n`);
    state.image = image;
    state.config = structuredClone(image.config.config ?? config);
  }

  private commitStep(state: StageState, config: ContainerConfigOfImage, createdBy: string): Promise<void> {
    return this.cached(state, createdBy, config, () => this.engine.images.commit({ parent: state.image, config, createdBy }));
  }

  /** Build args a RUN sees (declared in the stage, or proxies given), `k=v` sorted. */
  private runArgs(state: StageState): string[] {
    const out: string[] = [];
    for (const [k, v] of state.args) if (v !== undefined) out.push(`${k}=${v}`);
    for (const p of PROXY_ARGS) {
      const v = this.buildArgs[p];
      if (v !== undefined && v !== null && !state.args.has(p)) { out.push(`${p}=${v}`); this.usedArgs.add(p); }
    }
    return out.sort();
  }

  private async runStep(state: StageState, ins: Instruction): Promise<void> {
    const heredoc = ins.heredocs[0];
    let script = ins.args;
    if (heredoc && new RegExp(`^<<-?["']?${heredoc.name}["']?$`).test(ins.args.trim())) script = heredoc.content;
    else if (heredoc) script = `${ins.args}\n${ins.heredocs.map((h) => `${h.content}${h.name}`).join('\n')}`;
    const { cmd } = jsonForm(script) ? { cmd: jsonForm(script)! } : commandOf(script, state.config);
    const args = this.runArgs(state);
    const createdBy = `${args.length ? `|${args.length} ${args.join(' ')} ` : ''}${cmd.join(' ')}`;
    const config = state.config;
    await this.cached(state, createdBy, config, async () => {
      if (!state.image) throw new BuildError(`The command '${cmd.join(' ')}' could not run: there is no image to run it in (FROM scratch)`);
      const env = [...(config.Env ?? [])];
      for (const a of args) {
        const k = a.slice(0, a.indexOf('='));
        if (!env.some((e) => e.split('=')[0] === k)) env.push(a);
      }
      const spec = defaultSpec(state.image.id, {
        ...(this.opts.networkMode && this.opts.networkMode !== 'default' ? { NetworkMode: this.opts.networkMode } : {}),
        ...(this.opts.extraHosts?.length ? { ExtraHosts: this.opts.extraHosts } : {}),
      });
      const workingDir = config.WorkingDir || undefined;
      const user = config.User || undefined;
      const { id } = await this.engine.containers.create({
        ...spec, entrypoint: [], cmd, env, workingDir, user,
        dockerConfig: { Image: state.image.id, Cmd: cmd, Entrypoint: [''], Env: env, WorkingDir: workingDir, User: user },
      });
      this.out.stream(` ---> Running in ${short(id)}\n`);
      let ok = false;
      try {
        const output = await this.engine.containers.attachOutput(id, { stdout: true, stderr: true });
        // stderr in red, as the legacy builder's stderr writer does.
        const pump = (async () => {
          for await (const e of output) {
            const text = e.data.toString('utf8');
            this.out.stream(e.stream === 'stderr' ? `\u001b[91m${text}\u001b[0m` : text);
          }
        })();
        await this.engine.containers.start(id);
        const code = await this.engine.containers.wait(id, 'not-running' as never);
        await pump.catch(() => {});
        if (code !== 0) throw new BuildError(`The command '${cmd.join(' ')}' returned a non-zero code: ${code}`, code);
        const image = await this.engine.images.commit({ snapshotKey: id, parent: state.image, config, createdBy });
        ok = true;
        return image;
      } finally {
        if ((ok && this.opts.rm !== false) || (!ok && (this.opts.forceRm || this.opts.rm !== false))) {
          await this.engine.containers.remove(id, { force: true, volumes: true }).catch(() => {});
          this.out.stream(`Removing intermediate container ${short(id)}\n`);
        }
      }
    });
  }

  private async copyStep(stage: Stage, state: StageState, ins: Instruction, env: Map<string, string>): Promise<void> {
    const escape = this.plan.escape;
    const isAdd = ins.keyword === 'ADD';
    const exec = jsonForm(ins.args);
    const words = exec ? exec.map((w) => expandWord(w, env, escape)) : expandWords(ins.args, env, escape);
    const heredocs = ins.heredocs;
    if (words.length < 2 && !(heredocs.length && words.length >= 1)) throw new BuildError(`${ins.keyword} requires at least two arguments, but only one was provided. Destination could not be determined.`);
    const dest = destPath(words.at(-1)!, state.config.WorkingDir || '/');
    const srcWords = words.slice(0, -1).filter((w) => !/^<<-?/.test(w));
    const from = ins.flags.from ? expandWord(ins.flags.from, env, escape) : undefined;
    // Where sources come from: the context, an earlier stage, or an image.
    let sourceImage: ImageRecord | undefined;
    if (from) {
      const idx = stageRef(this.plan.stages, from, stage.index);
      sourceImage = idx !== undefined ? this.stageImages[idx] : await this.baseImage(from);
    }
    const urls = isAdd ? srcWords.filter((w) => /^https?:\/\//.test(w)) : [];
    const locals = srcWords.filter((w) => !urls.includes(w));
    // Where sources are read: the context, or an earlier stage's or an image's filesystem.
    let sourceRoot: InRoot | undefined = this.context;
    let sourceLayer: { key: string; rootfs: string; root: InRoot } | undefined;
    if (from && sourceImage) {
      const mounted = await this.engine.images.mountLayer(sourceImage);
      sourceLayer = { ...mounted, root: openRoot(mounted.rootfs) };
      sourceRoot = sourceLayer.root;
    } else if (from) {
      sourceRoot = undefined; // a stage with no filesystem: nothing to find
    }
    try {
      const sources: Source[] = await resolveSources(sourceRoot, locals);
      const hash = await hashSources(sources);
      const hdHash = heredocs.length ? createHashOf(heredocs.map((h) => h.name + '\0' + h.content).join('\0')) : '';
      const kind = sources.length + urls.length + heredocs.length > 1 ? 'multi' : sources.length && (await sources[0]!.root.stat(sources[0]!.path)).isDirectory() ? 'dir' : 'file';
      const flags = ['chown', 'chmod'].filter((f) => ins.flags[f]).map((f) => `--${f}=${ins.flags[f]} `).join('');
      const createdBy = `${shellOf(state.config).join(' ')} #(nop) ${ins.keyword} ${flags}${kind}:${hash}${hdHash}${urls.length ? ` ${urls.join(' ')}` : ''} in ${dest} `;
      await this.cached(state, createdBy, state.config, async () => {
        const layer = await this.engine.images.mountLayer(state.image);
        try {
          await withRoot(layer.rootfs, async (rootfs) => {
            const owner = ins.flags.chown ? await resolveOwner(rootfs, expandWord(ins.flags.chown, env, escape)) : { uid: 0, gid: 0 };
            const mode = ins.flags.chmod ? parseInt(ins.flags.chmod, 8) : undefined;
            const copyOpts = { ...owner, mode, extract: isAdd && !from };
            await copyInto(rootfs, sources, dest, copyOpts, locals.some(hasWildcard));
            for (const h of heredocs) {
              await withTempFile(h.content, (root, path) =>
                copyInto(rootfs, [{ rel: h.name, root, path }], dest, { ...copyOpts, mode: mode ?? 0o644 }, false));
            }
            for (const url of urls) await download(url, rootfs, dest, copyOpts);
          });
          await this.engine.images.releaseLayer(layer.key);
          return await this.engine.images.commit({ snapshotKey: layer.key, parent: state.image, config: state.config, createdBy });
        } finally {
          await this.engine.images.releaseLayer(layer.key, { discard: true }).catch(() => {});
        }
      });
    } finally {
      sourceLayer?.root.close();
      if (sourceLayer) await this.engine.images.releaseLayer(sourceLayer.key, { discard: true }).catch(() => {});
    }
  }
}

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';

function createHashOf(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}

/** A heredoc's content as a file in a temp dir opened as a root, removed afterwards. */
async function withTempFile<T>(content: string, fn: (root: InRoot, path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'quai-heredoc-'));
  try {
    await writeFile(join(dir, 'content'), content);
    return await withRoot(dir, (root) => fn(root, '/content'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export { setEnv };
