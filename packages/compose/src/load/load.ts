/**
 * From files on disk to a Project, in docker compose's order:
 *
 *   files, env, name   resolve.ts
 *   per file   YAML with positions → interpolation → schema → include → long form → extends
 *   merge      the files in order (merge.ts)
 *   finish     env_file and environment, the default network, resource names,
 *              references (networks, volumes, depends_on, secrets), profiles
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NetworkConfig, Project, Service, VolumeConfig, FileObjectConfig } from '../model.js';
import { coerceScalars } from './coerce.js';
import { canonicalFile, resolvePath, type CanonicalFile, type EnvFileRef } from './canonical.js';
import { readEnvFile } from './env-file.js';
import { environmentOf, readText, resolveProject, type LoadOptions } from './resolve.js';
import { ComposeFileError, type SourcePosition } from './errors.js';
import { InterpolationError, interpolateTree, type Lookup } from './interpolate.js';
import { mergeFiles, mergeService } from './merge.js';
import { activeProfiles, applyProfiles } from './profiles.js';
import { validateSchema } from './schema.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export type { LoadOptions } from './resolve.js';

interface Loader {
  lookup: Lookup;
  warn: (name: string) => void;
  sources: YamlSource[];
  read(file: string): YamlSource;
}

function readSource(file: string): YamlSource {
  return parseYamlSource(file, readText(file));
}

/** A file interpolated and checked against the schema. */
function interpolated(source: YamlSource, loader: Loader): Record<string, unknown> {
  try {
    const data = interpolateTree(source.data, loader.lookup, loader.warn) as Record<string, unknown>;
    validateSchema(data, source);
    coerceScalars(data, source);
    return data;
  } catch (err) {
    if (err instanceof InterpolationError) {
      throw new ComposeFileError(`error while interpolating ${err.path.join('.')}: ${err.message}`, source.file, source.where(err.path));
    }
    throw err;
  }
}

/** `extends:` of every service of a file, resolved (other files read as needed; cycles refused). */
function resolveExtends(file: CanonicalFile, source: YamlSource, baseDir: string, loader: Loader, chain: string[] = []): void {
  const resolveOne = (name: string, seen: string[]): Service => {
    const s = file.services[name]!;
    const ext = s.extends as { service?: string; file?: string } | string | undefined;
    if (!ext) return s;
    const ref = typeof ext === 'string' ? { service: ext } : ext;
    const id = `${ref.file ? resolvePath(baseDir, ref.file) : source.file}#${ref.service}`;
    if (seen.includes(id)) throw new ComposeFileError(`extends cycle detected: ${[...seen, id].join(' -> ')}`, source.file, source.where(['services', name, 'extends']));
    let base: Service;
    if (ref.file) {
      const path = resolvePath(baseDir, ref.file);
      const other = loader.read(path);
      const otherFile = canonicalFile(interpolated(other, loader), dirname(path));
      if (!otherFile.services[ref.service!]) {
        throw new ComposeFileError(`cannot extend service "${name}": service "${ref.service}" not found in ${path}`, source.file, source.where(['services', name, 'extends']));
      }
      resolveExtends(otherFile, other, dirname(path), loader, [...seen, id]);
      base = otherFile.services[ref.service!]!;
    } else {
      if (!file.services[ref.service!]) {
        throw new ComposeFileError(`cannot extend service "${name}": service "${ref.service}" not found`, source.file, source.where(['services', name, 'extends']));
      }
      base = resolveOne(ref.service!, [...seen, id]);
    }
    const merged = mergeService({ ...base, name }, { ...s, extends: undefined });
    delete merged.extends;
    file.services[name] = merged;
    return merged;
  };
  for (const name of Object.keys(file.services)) resolveOne(name, chain);
}

/** `include:` entries: each a sub-project loaded on its own (its own directory and .env). */
function includes(data: Record<string, unknown>, source: YamlSource, baseDir: string, loader: Loader, env: NodeJS.ProcessEnv): CanonicalFile[] {
  const out: CanonicalFile[] = [];
  for (const [i, entry] of ((data.include as unknown[]) ?? []).entries()) {
    const e = (typeof entry === 'string' ? { path: entry } : entry) as { path: string | string[]; project_directory?: string; env_file?: string | string[] };
    const paths = (Array.isArray(e.path) ? e.path : [e.path]).map((p) => resolvePath(baseDir, p));
    const dir = e.project_directory ? resolvePath(baseDir, e.project_directory) : dirname(paths[0]!);
    const envFiles = e.env_file ? (Array.isArray(e.env_file) ? e.env_file : [e.env_file]).map((p) => resolvePath(baseDir, p)) : undefined;
    for (const p of paths) {
      if (loader.sources.some((s) => s.file === p)) {
        throw new ComposeFileError(`include cycle detected: ${p}`, source.file, source.where(['include', i]));
      }
    }
    const environment = environmentOf(dir, envFiles, env, false);
    const sub: Loader = { ...loader, lookup: (n) => environment[n] };
    out.push(loadFiles(paths, dir, sub, env));
  }
  return out;
}

function loadFiles(files: string[], projectDir: string, loader: Loader, env: NodeJS.ProcessEnv): CanonicalFile {
  let merged: CanonicalFile | undefined;
  for (const path of files) {
    const source = loader.read(path);
    loader.sources.push(source);
    const data = interpolated(source, loader);
    let file = canonicalFile(data, projectDir);
    resolveExtends(file, source, projectDir, loader);
    for (const sub of includes(data, source, projectDir, loader, env)) {
      for (const name of Object.keys(sub.services)) {
        if (file.services[name]) throw new ComposeFileError(`services.${name} conflicts with imported resource`, source.file, source.where(['services', name]));
      }
      file = mergeFiles(sub, file);
    }
    merged = merged ? mergeFiles(merged, file) : file;
  }
  return merged!;
}

export interface Located { file: string; position?: SourcePosition }

export interface LoadedProject extends Project {
  /** Where a path of the merged model was written (the last file that sets it). */
  where(path: (string | number)[]): Located;
}

export function loadProject(opts: LoadOptions = {}): LoadedProject {
  const cache = new Map<string, YamlSource>();
  const read = (file: string) => {
    let s = cache.get(file);
    if (!s) cache.set(file, (s = readSource(file)));
    return s;
  };
  const { env, files, projectDir, envFiles, environment, name } = resolveProject(opts, read);
  const usedEnvFiles = envFiles ?? (existsSync(join(projectDir, '.env')) ? [join(projectDir, '.env')] : []);
  const warned = new Set<string>();
  const loader: Loader = {
    lookup: (n) => environment[n],
    warn: (n) => {
      if (warned.has(n)) return;
      warned.add(n);
      opts.onWarning?.(`The "${n}" variable is not set. Defaulting to a blank string.`);
    },
    sources: [],
    read,
  };

  const merged = loadFiles(files, projectDir, loader, env);
  const sources = loader.sources;
  const where = (path: (string | number)[]): Located => {
    for (const s of [...sources].reverse()) {
      const position = s.where(path);
      // the file that defines this part of the model (not merely an ancestor of it)
      if (position && s.where(path.slice(0, 2)) && path.length) return { file: s.file, position };
    }
    return { file: files[0]! };
  };

  const project: LoadedProject = {
    name, workingDir: projectDir, configFiles: files, envFiles: usedEnvFiles, environment,
    services: {}, disabledServices: {}, networks: {}, volumes: {}, secrets: {}, configs: {}, where,
  };
  finish(project, merged, loader.lookup);
  const active = activeProfiles(opts.profiles ?? [], environment.COMPOSE_PROFILES);
  applyProfiles(project, active, opts.services ?? []);
  checkReferences(project);
  return project;
}

function finish(project: LoadedProject, file: CanonicalFile, lookup: Lookup): void {
  const named = <T extends { name: string; external?: boolean }>(key: string, o: Record<string, unknown>): T => {
    const explicit = typeof o.name === 'string' ? o.name : undefined;
    return { ...o, name: explicit ?? (o.external ? key : `${project.name}_${key}`) } as T;
  };
  for (const [name, s] of Object.entries(file.services)) {
    // env_file first, then environment over it; a variable without a value is taken from the shell or left out.
    const env: Record<string, string> = {};
    for (const ref of (s.env_file as EnvFileRef[] | undefined) ?? []) {
      Object.assign(env, readEnvFile(ref.path, (n) => env[n] ?? lookup(n), ref.required));
    }
    for (const [k, v] of Object.entries((s.environment ?? {}) as Record<string, string | null>)) {
      if (v !== null) env[k] = v;
      else if (lookup(k) !== undefined) env[k] = lookup(k)!;
    }
    const service: Service = { ...s, name };
    delete service.env_file;
    if (s.environment !== undefined || s.env_file !== undefined) service.environment = env;
    if (s.build?.args) {
      service.build = { ...s.build, args: Object.fromEntries(Object.entries(s.build.args).map(([k, v]) => [k, v ?? lookup(k) ?? null])) };
    }
    if (!service.network_mode && !service.networks) service.networks = { default: null };
    if (service.deploy?.replicas !== undefined && service.scale === undefined) service.scale = service.deploy.replicas;
    project.services[name] = service;
  }
  const usesDefault = Object.values(project.services).some((s) => s.networks && 'default' in s.networks);
  const networks = { ...file.networks };
  if (usesDefault && !networks.default) networks.default = {};
  for (const [k, o] of Object.entries(networks)) project.networks[k] = named<NetworkConfig>(k, o);
  for (const [k, o] of Object.entries(file.volumes)) project.volumes[k] = named<VolumeConfig>(k, o);
  for (const [k, o] of Object.entries(file.secrets)) project.secrets[k] = named<FileObjectConfig>(k, o);
  for (const [k, o] of Object.entries(file.configs)) project.configs[k] = named<FileObjectConfig>(k, o);
}

/** Every name a service uses must be declared, as compose-go's validation checks. */
function checkReferences(project: LoadedProject): void {
  const fail = (msg: string, path: (string | number)[]): never => {
    const at = project.where(path);
    throw new ComposeFileError(msg, at.file, at.position);
  };
  for (const [name, s] of Object.entries(project.services)) {
    if (!s.image && !s.build) fail(`service "${name}" has neither an image nor a build context specified: invalid compose project`, ['services', name]);
    for (const n of Object.keys(s.networks ?? {})) {
      if (!project.networks[n]) fail(`service "${name}" refers to undefined network ${n}: invalid compose project`, ['services', name, 'networks', n]);
    }
    for (const [i, v] of (s.volumes ?? []).entries()) {
      if (v.type === 'volume' && v.source && !project.volumes[v.source]) {
        fail(`service "${name}" refers to undefined volume ${v.source}: invalid compose project`, ['services', name, 'volumes', i]);
      }
    }
    for (const dep of Object.keys(s.depends_on ?? {})) {
      if (!project.services[dep] && s.depends_on![dep]!.required) {
        fail(`service "${name}" depends on undefined service "${dep}": invalid compose project`, ['services', name, 'depends_on']);
      }
    }
    for (const kind of ['secrets', 'configs'] as const) {
      for (const ref of s[kind] ?? []) {
        if (!project[kind][ref.source]) fail(`service "${name}" refers to undefined ${kind.slice(0, -1)} ${ref.source}: invalid compose project`, ['services', name, kind]);
      }
    }
    const mode = s.network_mode;
    if (mode?.startsWith('service:') && !project.services[mode.slice(8)]) {
      fail(`service "${mode.slice(8)}" not found for network_mode 'service:${mode.slice(8)}'`, ['services', name, 'network_mode']);
    }
  }
}

