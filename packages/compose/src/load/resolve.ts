/**
 * What a command knows before reading the model: which files, the project
 * directory, the interpolation environment and the project's name, as docker
 * compose finds them:
 *
 *   files      -f (several) | COMPOSE_FILE | compose.yaml… found in the directory or a parent
 *   env        --env-file | <project dir>/.env, under the process environment (which wins)
 *   name       -p | COMPOSE_PROJECT_NAME | top-level `name:` | the project directory's name
 *
 * Loads no YAML library: `ps` and `logs` need only the name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readEnvFile } from './env-file.js';
import { ComposeFileError } from './errors.js';
import { substitute } from './interpolate.js';
import { normalizeProjectName } from './project-name.js';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface LoadOptions {
  /** -f, in order; relative to cwd. */
  files?: string[];
  /** -p */
  projectName?: string;
  /** --project-directory */
  projectDirectory?: string;
  /** --env-file, in order. */
  envFiles?: string[];
  /** --profile */
  profiles?: string[];
  /** Services named on the command line: enabled whatever their profiles, with what they depend on. */
  services?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** "The "X" variable is not set..." and other warnings. */
  onWarning?: (message: string) => void;
}

/** A Compose file's text; a missing file is Compose's error. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ComposeFileError(`open ${file}: no such file or directory`);
    throw err;
  }
}

/** The first default file in dir or a parent, as docker compose looks for it. */
export function findDefaultFile(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of DEFAULT_FILE_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    if (dirname(dir) === dir) break;
  }
  throw new ComposeFileError('no configuration file provided: not found');
}

/** The interpolation environment: env files under the process environment. */
export function environmentOf(projectDir: string, envFiles: string[] | undefined, env: NodeJS.ProcessEnv, strict = true): Record<string, string> {
  const out: Record<string, string> = {};
  const processEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const files = envFiles ?? [join(projectDir, '.env')];
  for (const f of files) {
    Object.assign(out, readEnvFile(f, (n) => processEnv[n] ?? out[n], strict && envFiles !== undefined));
  }
  return { ...out, ...processEnv };
}

export interface Resolved {
  env: NodeJS.ProcessEnv;
  files: string[];
  projectDir: string;
  envFiles: string[] | undefined;
  environment: Record<string, string>;
  name: string;
}

/** Files, project directory, environment and name: all a command needs before (or instead of) the model. */
export function resolveProject(opts: LoadOptions, read: (file: string) => { data: Record<string, unknown> }): Resolved {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  // COMPOSE_FILE and COMPOSE_PROFILES may come from the .env of the working directory, as in docker compose.
  const cwdEnv = environmentOf(opts.projectDirectory ? resolve(cwd, opts.projectDirectory) : cwd, opts.envFiles?.map((f) => resolve(cwd, f)), env, false);
  const composeFile = cwdEnv.COMPOSE_FILE;
  const files = opts.files?.length
    ? opts.files.map((f) => resolve(cwd, f))
    : composeFile ? composeFile.split(cwdEnv.COMPOSE_PATH_SEPARATOR || ':').map((f) => resolve(cwd, f)) : [findDefaultFile(cwd)];
  const projectDir = opts.projectDirectory ? resolve(cwd, opts.projectDirectory) : dirname(files[0]!);
  const envFiles = opts.envFiles?.map((f) => resolve(cwd, f));
  const environment = environmentOf(projectDir, envFiles, env);
  let name: string;
  if (opts.projectName) {
    name = opts.projectName;
    if (normalizeProjectName(name) !== name) {
      throw new ComposeFileError(`invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`);
    }
  } else {
    let fromFiles = '';
    for (const f of files) {
      const n = read(f).data.name;
      if (typeof n === 'string' && n) fromFiles = substitute(n, (v) => environment[v]);
    }
    name = normalizeProjectName(environment.COMPOSE_PROJECT_NAME || fromFiles || basename(projectDir));
    if (!name) throw new ComposeFileError(`project name must not be empty`);
  }
  environment.COMPOSE_PROJECT_NAME = name;
  return { env, files, projectDir, envFiles, environment, name };
}

/**
 * Only the project's name, as loadProject would find it, without reading the
 * whole model (`ps`, `logs`: the files are parsed only when one has a
 * top-level `name:`).
 */
export async function projectNameOf(opts: LoadOptions = {}): Promise<string> {
  const texts = new Map<string, string>();
  const named: string[] = [];
  const probe = resolveProject({ ...opts }, (file) => {
    const text = readText(file);
    texts.set(file, text);
    if (/^name\s*:/m.test(text)) named.push(file);
    return { data: {} };
  });
  if (!named.length || opts.projectName) return probe.name;
  const { parseYamlSource } = await import('./yaml-source.js');
  return resolveProject(opts, (file) => parseYamlSource(file, texts.get(file) ?? readText(file))).name;
}

