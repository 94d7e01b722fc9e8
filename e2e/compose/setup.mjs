// Shared by the compose cases: a private quai daemon with busybox, the
// project fixtures copied to a temp dir (with a .env written per test run),
// and runners for `quai compose` and Debian's docker-compose 1.29.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { loadBusybox, repoRoot, requireRoot, startDaemon } from '@quai/testkit';

export const QUAI = join(repoRoot, 'bin/quai');
const FIXTURES = join(repoRoot, 'e2e/compose/fixtures');

/** A daemon for the file: `ctx.daemon` once `before` ran. */
export function useDaemon() {
  const ctx = { daemon: undefined };
  before(async () => {
    requireRoot();
    ctx.daemon = await startDaemon();
    await loadBusybox(ctx.daemon.dockerHost);
  }, { timeout: 90_000 });
  after(async () => {
    await ctx.daemon?.stop();
  }, { timeout: 90_000 });
  return ctx;
}

/**
 * fixtures/<name> copied into a fresh dir named `dirName` (the project's
 * default name); call it at the top of a file or suite: it is removed after.
 */
export function projectDir(name, dirName) {
  const parent = mkdtempSync(join(tmpdir(), 'quai-compose-'));
  const dir = join(parent, dirName);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  after(() => rmSync(parent, { recursive: true, force: true }));
  return dir;
}

/** Writes dir/.env. */
export function writeEnv(dir, env) {
  writeFileSync(join(dir, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function runProcess(cmd, args, { cwd, env = {}, timeout = 120_000, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** `quai compose ARGS` in dir against the daemon; never throws on a non-zero exit. */
export function compose(ctx, dir, args, opts = {}) {
  return runProcess(process.execPath, [QUAI, 'compose', ...args], { cwd: dir, ...opts, env: { DOCKER_HOST: ctx.daemon.dockerHost, ...opts.env } });
}

/** `quai compose ARGS` left running (events, an attached up): its output so far, kill(signal), its exit code. */
export function spawnCompose(ctx, dir, args) {
  const child = spawn(process.execPath, [QUAI, 'compose', ...args], { cwd: dir, env: { ...process.env, DOCKER_HOST: ctx.daemon.dockerHost }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return { output: () => out, kill: (signal = 'SIGKILL') => child.kill(signal), exited };
}

/** Debian's docker-compose 1.29 against the same daemon. */
export function dockerCompose(ctx, dir, args, opts = {}) {
  return runProcess('docker-compose', args, { cwd: dir, ...opts, env: { DOCKER_HOST: ctx.daemon.dockerHost, ...opts.env } });
}

export function describeRun(args, r) {
  return `compose ${args.join(' ')} → exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
