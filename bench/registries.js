// The registries under test, each private: its own 127.0.0.1 port (free at start) and storage.
//
//   /tmp/quai-hub-bench      quai hub: data/, hub.log; user "bench" (anonymous push is refused)
//   /tmp/distribution-bench  Debian's docker-registry (Distribution 2.8): config.yml, data/, registry.log
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandExists, pidsMentioning, run, sleep, stopPid } from './proc.js';
import { get } from './load.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
/** The checkout whose quai is measured: this one, or another's (`run.js --quai-root`, for before/after). */
const quaiRoot = () => process.env.QUAI_BENCH_ROOT || repoRoot;

/** A port free on 127.0.0.1 now (fixed ports collide with the kernel's ephemeral ones). */
const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer().on('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

/** A registry process started from argv, logging to dir/<log>, answering on 127.0.0.1:port. */
function registry({ name, dir, argv, prepare, creds, note }) {
  let child;
  let port;
  return {
    name, dir, creds, note,
    get host() { return `127.0.0.1:${port}`; },
    get pid() { return child?.pid; },
    async start() {
      port = await freePort();
      for (const pid of pidsMentioning(`${dir}/`)) await stopPid(pid, 5_000);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      prepare?.(port);
      const log = openSync(join(dir, 'registry.log'), 'a');
      const args = argv(port);
      child = spawn(args[0], args.slice(1), { stdio: ['ignore', log, log], detached: true });
      closeSync(log);
      child.on('error', () => {});
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${name} exited: ${readFileSync(join(dir, 'registry.log'), 'utf8').slice(-500)}`);
        try {
          if ((await get(`http://127.0.0.1:${port}/v2/`)).status < 500) return;
        } catch { /* not listening yet */ }
        if (Date.now() > deadline) throw new Error(`${name}: no answer on port ${port}`);
        await sleep(100);
      }
    },
    version: () => '',
    async stop() {
      if (child?.pid) await stopPid(child.pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function quaiHub() {
  const dir = '/tmp/quai-hub-bench';
  const bin = join(quaiRoot(), 'bin/quai');
  const data = join(dir, 'data');
  return registry({
    name: 'quai', dir, creds: 'bench:bench-password', note: 'quai hub (node)',
    prepare: () => run(process.execPath, [bin, 'hub', 'user', 'add', 'bench', '--password-stdin', '--data-root', data], { input: 'bench-password\n' }),
    argv: (port) => [bin, 'hub', '--listen', `127.0.0.1:${port}`, '--data-root', data, '--pidfile', join(dir, 'hub.pid')],
  });
}

export function distribution() {
  const dir = '/tmp/distribution-bench';
  const config = join(dir, 'config.yml');
  return registry({
    name: 'distribution', dir, note: 'docker-registry 2.8 (Debian), filesystem storage, access log off',
    prepare: (port) => writeFileSync(config, [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "127.0.0.1:${port}", secret: bench-only }`, ''].join('\n')),
    argv: () => ['docker-registry', 'serve', config],
  });
}

/** The registries asked for that exist here; a note for each left out. */
export function availableRegistries(names) {
  const out = [];
  const skipped = [];
  for (const name of names) {
    if (name === 'quai') {
      if (existsSync(join(quaiRoot(), 'packages/hub/dist/main.js'))) out.push(quaiHub());
      else skipped.push('quai hub: packages/hub/dist/main.js missing (run npx tsc -b)');
    } else if (name === 'distribution') {
      if (commandExists('docker-registry')) out.push(distribution());
      else skipped.push('distribution: docker-registry not installed');
    }
  }
  return { registries: out, skipped };
}
