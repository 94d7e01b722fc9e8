// Issue 15: `quai compose` on the web + cache + worker project of the
// compose tests (e2e/compose/fixtures/demo: a build, a healthcheck that web
// waits for, two networks, a volume, a published port on 127.0.0.1), images
// present: `up -d` from nothing (containers, networks and the volume made,
// web started once cache is healthy) and `ps` on the running project; beside
// Debian's docker-compose 1.29 on the same file and engine. Each tool has its
// own project name; `down -v` (not timed) between `up` passes.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { median } from '../measure.js';
import { commandExists, run } from '../proc.js';

const NA = 'n/a';

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Seconds a call takes. */
function timed(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export default {
  name: 'compose',
  title: 'compose (issue 15)',
  targets: 'engines',
  rows: () => [
    { label: 'quai compose up -d, images present (s)', key: 'quaiUp', digits: 2 },
    { label: '  docker-compose 1.29 up -d, same file (s)', key: 'v1Up', digits: 2 },
    { label: 'quai compose ps, 3 services running (ms)', key: 'quaiPs', digits: 0 },
    { label: '  docker-compose 1.29 ps (ms)', key: 'v1Ps', digits: 0 },
  ],
  notes: [
    'project: e2e/compose/fixtures/demo (web built from busybox, cache healthy after its first 250 ms probe, worker); goals: up -d < 1.5 s, ps < 150 ms',
    'each `up -d` starts from nothing but the images (the previous pass ended with `down -v`, not timed)',
  ],
  async measure(engine, { runs, outDir, repoRoot, log }) {
    if (!engine.socket) return { quaiUp: NA, v1Up: NA, quaiPs: NA, v1Ps: NA };
    const dir = join(outDir, `compose-${engine.name}`, 'demo');
    rmSync(join(outDir, `compose-${engine.name}`), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(repoRoot, 'e2e/compose/fixtures/demo'), dir, { recursive: true });
    writeFileSync(join(dir, '.env'), `WEB_PORT=${await freePort()}\nGREETING=bench\n`);
    const file = join(dir, 'compose.yaml');
    // dockerd 20.10 speaks Engine API 1.41 at most; quai's client asks for 1.47 unless told
    const quaiEnv = engine.name === 'docker' ? { ...engine.env, DOCKER_API_VERSION: '1.41' } : engine.env;
    const tools = {
      quai: (args) => run(process.execPath, [join(repoRoot, 'bin/quai'), 'compose', '-f', file, '-p', 'qbenchquai', ...args], { env: quaiEnv }),
    };
    if (commandExists('docker-compose')) {
      tools.v1 = (args) => run('docker-compose', ['-f', file, '-p', 'qbenchv1', ...args], { env: engine.env });
    }
    const out = { quaiUp: NA, v1Up: NA, quaiPs: NA, v1Ps: NA };
    for (const [name, tool] of Object.entries(tools)) {
      try {
        log(`${name}: first up (builds web, not timed)`);
        tool(['up', '-d']);
        tool(['down', '-v']);
        const ups = [];
        for (let i = 0; i < runs; i++) {
          ups.push(timed(() => tool(['up', '-d'])));
          if (i < runs - 1) tool(['down', '-v']);
        }
        out[`${name}Up`] = median(ups);
        tool(['ps']); // warm
        out[`${name}Ps`] = median(Array.from({ length: runs }, () => timed(() => tool(['ps'])) * 1000));
      } catch (err) {
        out[`${name}Up`] = 'failed';
        log(`${name} failed: ${err.message}`);
      } finally {
        try { tool(['down', '-v', '--rmi', 'local']); } catch { /* the engine goes away next */ }
      }
    }
    return out;
  },
};
