import { spawn, type ChildProcess } from 'node:child_process';

/** The real Docker CLI (28.x) the end-to-end cases drive; DOCKER_CLI overrides. */
export const dockerCliPath = process.env.DOCKER_CLI ?? '/usr/local/bin/docker';

export interface DockerOptions {
  /** DOCKER_HOST; defaults to the most recently started test daemon. */
  host?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  timeoutMs?: number;
}

export interface DockerResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBuffer: Buffer;
}

let defaults: { host?: string; configDir?: string } = {};

/** Called by startDaemon so `docker()` talks to that daemon unless told otherwise. */
export function setDockerDefaults(host: string, configDir?: string): void {
  defaults = { host, configDir };
}

function cliEnv(opts: DockerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A private config dir keeps the host's contexts and credential helpers out.
  if (defaults.configDir) env.DOCKER_CONFIG = defaults.configDir;
  delete env.DOCKER_CONTEXT;
  const host = opts.host ?? defaults.host;
  if (host) env.DOCKER_HOST = host;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  if (!env.DOCKER_HOST) throw new Error('docker(): no DOCKER_HOST; start a daemon first or pass {host}');
  return env;
}

/** Starts the CLI and hands back the process (for -f/attach cases that are cut short). */
export function spawnDocker(args: string[], opts: DockerOptions = {}): ChildProcess {
  return spawn(dockerCliPath, args, {
    env: cliEnv(opts),
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion; never throws on a non-zero exit, only on timeout. */
export function docker(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000; // a hung CLI fails its case, not the whole suite
  return new Promise((resolvePromise, reject) => {
    const child = spawnDocker(args, opts);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`docker ${args.join(' ')}: timed out after ${timeoutMs} ms; stderr: ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBuffer = Buffer.concat(out);
      resolvePromise({ code, signal, stdout: stdoutBuffer.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBuffer });
    });
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => {}); // the CLI may exit before reading all input
      child.stdin!.end(opts.input);
    }
  });
}
