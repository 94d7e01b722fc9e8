// Issue 16: the table of "Speed, round 2", every row with quai beside what it
// is compared with, measured in this run:
//   the quai CLI against the docker CLI on the same quai daemon (ps -q, run --rm);
//   quai's engine against dockerd pulling one 100 MiB layer from Distribution;
//   the hub against Distribution under skopeo, push and pull of that layer;
//   container start, exec, 20 × run -d and memory on quai (docker CLI 28),
//   beside crun alone, docker ps -q alone, and dockerd.
// Targets run one after another (never two engines at once): Distribution
// throughout, then the quai engine, dockerd, the quai hub.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableEngines, cli } from '../engines.js';
import { availableRegistries } from '../registries.js';
import { randomImageArchive } from '../fixtures.js';
import { cliMedian, median, medianOf, round } from '../measure.js';
import { apiRequest, commandExists, run } from '../proc.js';

const MiB = 1024 * 1024;
const LAYER = 100 * MiB;
const DOCKER_CLI = '/usr/local/bin/docker';
const PULL_REPO = 'bench/pull100';

/** The issue's rows: what quai does, what it is set beside, and the goal (ratio or absolute). */
const ROWS = [
  { key: 'psQ', label: '`quai ps -q` vs `docker ps -q`, same daemon (ms)', vs: 'docker CLI', goal: { ratio: 1.0 } },
  { key: 'cliRun', label: '`quai run --rm busybox true` vs the docker CLI (ms)', vs: 'docker CLI', goal: { ratio: 1.0 } },
  { key: 'pull', label: '`docker pull`, 100 MiB one layer from Distribution (s)', vs: 'dockerd', goal: { ratio: 0.6 } },
  { key: 'push', label: 'skopeo push of that layer to the hub (MB/s)', vs: 'Distribution', goal: { ratio: 1.4, higher: true } },
  { key: 'skopeoPull', label: 'skopeo pull of that layer from the hub (MB/s)', vs: 'Distribution', goal: { ratio: 1.4, higher: true } },
  { key: 'runD', label: '20 × `docker run -d` in a loop (s)', vs: 'dockerd', goal: { max: 1.2 } },
  { key: 'runRm', label: '`docker run --rm busybox true` (ms)', vs: 'crun alone', goal: { max: 80 } },
  { key: 'runRmNs', label: '  same, inside a namespace (ms)', vs: 'default socket', goal: { ratio: 1.0, slack: 1.1 } },
  { key: 'exec', label: '`docker exec CTR true` (ms)', vs: '`docker ps -q`', goal: { max: 40 } },
  { key: 'rss', label: 'engine RSS with 20 containers, daemon + conmons (MiB)', vs: 'dockerd', goal: { max: 60 } },
];

const fmt = (v, key) => (typeof v !== 'number' || !Number.isFinite(v) ? String(v ?? '—')
  : v >= 100 || key === 'psQ' || key === 'cliRun' || key === 'runRm' || key === 'runRmNs' || key === 'exec' ? v.toFixed(0)
    : v.toFixed(2));

function goalText(g) {
  if (g.max !== undefined) return `≤ ${g.max}`;
  return `${g.higher ? '≥' : '≤'} ${g.ratio.toFixed(1)}×`;
}

/** Whether the goal is met ('—' when a number is missing). */
function met(g, q, c) {
  if (typeof q !== 'number') return '—';
  if (g.max !== undefined) return q <= g.max ? 'yes' : 'no';
  if (typeof c !== 'number') return '—';
  const limit = g.ratio * (g.slack ?? 1);
  return (g.higher ? q / c >= g.ratio : q / c <= limit) ? 'yes' : 'no';
}

function format(values) {
  const header = ['measure', 'quai', 'compared with', '', 'quai/that', 'goal', 'met'];
  const table = [header, ...ROWS.map((r) => {
    const [q, c] = [values[r.key]?.quai, values[r.key]?.other];
    const ratio = typeof q === 'number' && typeof c === 'number' && c ? `${(q / c).toFixed(2)}×` : '—';
    return [r.label, fmt(q, r.key), r.vs, fmt(c, r.key), ratio, goalText(r.goal), met(r.goal, q, c)];
  })];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => `| ${row.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`)
    .flatMap((line, i) => (i === 0 ? [line, `|${widths.map((w, j) => (j === 0 || j === 2 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`] : [line]));
}

/** An engine seen through the docker CLI 28 (the same client for every engine). */
const viaDockerCli = (engine, tag = 'dockercli', host = engine.env.DOCKER_HOST) =>
  ({ ...engine, name: `${engine.name}-${tag}`, cli: [DOCKER_CLI], env: { ...engine.env, DOCKER_HOST: host } });

/** Median seconds of `docker pull ref` (docker CLI), the image removed before each pull. */
function pullSeconds(engine, ref, runs) {
  const d = viaDockerCli(engine);
  const rmi = () => { try { cli(d, ['rmi', '-f', ref]); } catch { /* not there */ } };
  rmi();
  cli(d, ['pull', '-q', ref]); // warm-up: fails loudly before timing starts
  const times = [];
  for (let i = 0; i < runs; i++) {
    rmi();
    times.push(medianOf(1, () => cli(d, ['pull', '-q', ref], { timeoutMs: 300_000 })));
  }
  rmi();
  return median(times);
}

/** `crun run` of a busybox bundle running `true` (its own network namespace, no network). */
function crunAloneMs(busyboxTar, runs) {
  if (!commandExists('crun')) return 'n/a (no crun)';
  const dir = mkdtempSync('/tmp/speed-bench-crun-');
  try {
    const rootfs = join(dir, 'rootfs');
    mkdirSync(rootfs);
    const layer = execFileSync('tar', ['-xOf', busyboxTar, 'manifest.json'], { encoding: 'utf8' });
    const layerPath = JSON.parse(layer)[0].Layers[0];
    execFileSync('sh', ['-c', 'tar -xOf "$1" "$2" | tar -x -C "$3"', 'sh', busyboxTar, layerPath, rootfs]);
    execFileSync('crun', ['spec'], { cwd: dir });
    const spec = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    spec.process.args = ['true'];
    spec.process.terminal = false;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(spec));
    const root = join(dir, 'state');
    const once = (i) => execFileSync('crun', [`--root=${root}`, 'run', '--bundle', dir, `speed-bench-${process.pid}-${i}`], { stdio: 'ignore' });
    once('warm');
    return medianOf(runs, once) * 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds of one skopeo copy. */
const skopeo = (args) => medianOf(1, () => run('skopeo', ['copy', '-q', ...args], { timeoutMs: 300_000 }));

export default {
  name: 'speed',
  title: 'speed, round 2 (issue 16)',
  targets: 'custom',
  async measureAll({ runs, containers, outDir, repoRoot, log, start, stop }) {
    const values = Object.fromEntries(ROWS.map((r) => [r.key, {}]));
    const pss = {};
    const notes = [
      `medians of ${runs}; CLI rows with hyperfine; the docker CLI is 28.x for every engine; default bridge network unless said`,
      `pull: a ${LAYER / MiB} MiB layer of random data, gzip-compressed by skopeo when it was pushed into Distribution; docker pull -q, image removed before each pull`,
      'push/pull: skopeo copy --preserve-digests docker-archive: → docker:// (uncompressed layer) and docker:// → dir:; MB = 10^6 bytes',
      'crun alone: crun run of a busybox bundle running true, no conmon, no network setup',
    ];
    const archive = join(repoRoot, 'build/images/busybox.tar');
    const { registries } = availableRegistries(['quai', 'distribution']);
    const distribution = registries.find((r) => r.name === 'distribution');
    const hub = registries.find((r) => r.name === 'quai');
    const images = Array.from({ length: runs }, (_, i) => randomImageArchive(join(outDir, `speed-${i}.tar`), 'bench/big:latest', LAYER));
    try {
      // Distribution stays up while the engines pull from it.
      let pullRef;
      if (distribution) {
        await start(distribution);
        log(`pushing the ${LAYER / MiB} MiB image into Distribution`);
        run('skopeo', ['copy', '-q', '--dest-tls-verify=false', `docker-archive:${images[0].path}`, `docker://${distribution.host}/${PULL_REPO}:latest`], { timeoutMs: 300_000 });
        pullRef = `${distribution.host}/${PULL_REPO}:latest`;
      } else notes.push('left out: pull (docker-registry not installed)');

      const { engines, skipped } = availableEngines(['quai', 'docker']);
      notes.push(...skipped.map((s) => `left out: ${s}`));
      for (const engine of engines) {
        await start(engine);
        await engine.load(archive);
        const d = viaDockerCli(engine);
        const side = engine.name === 'quai' ? 'quai' : 'other';
        if (pullRef) values.pull[side] = pullSeconds(engine, pullRef, runs);
        const r = await round(d, [], containers);
        values.runD[engine.name === 'quai' ? 'quai' : 'other'] = r.runSeconds;
        values.rss[side] = r.busyRss / MiB;
        pss[engine.name] = r.busyPss / MiB;
        if (engine.name !== 'quai') { await stop(engine); continue; }

        log('CLI start-up: quai and docker CLIs on the quai daemon');
        values.psQ = { quai: cliMedian(engine, ['ps', '-q'], runs, outDir, 'speed-ps'), other: cliMedian(d, ['ps', '-q'], runs, outDir, 'speed-ps') };
        values.psQ.quai *= 1000; values.psQ.other *= 1000;
        const runArgs = ['run', '--rm', 'busybox', 'true'];
        values.cliRun = { quai: cliMedian(engine, runArgs, runs, outDir, 'speed-run') * 1000, other: cliMedian(d, runArgs, runs, outDir, 'speed-run') * 1000 };
        values.runRm = { quai: values.cliRun.other, other: crunAloneMs(archive, runs) };

        const ns = JSON.parse((await apiRequest(engine.socket, 'POST', '/quai/namespaces', JSON.stringify({ Name: 'speed' }), 'application/json')).body);
        const loaded = await apiRequest(ns.Socket, 'POST', '/images/load', readFileSync(archive));
        if (loaded.status !== 200) throw new Error(`loading busybox into the namespace: HTTP ${loaded.status}`);
        values.runRmNs = { quai: cliMedian(viaDockerCli(engine, 'ns', `unix://${ns.Socket}`), runArgs, runs, outDir, 'speed-ns') * 1000, other: values.cliRun.other };
        await apiRequest(engine.socket, 'DELETE', '/quai/namespaces/speed');

        const id = cli(d, ['run', '-d', 'busybox', 'sleep', '600']).trim().split('\n').pop();
        try {
          values.exec = { quai: cliMedian(d, ['exec', id, 'true'], runs, outDir, 'speed-exec') * 1000, other: values.psQ.other };
        } finally {
          cli(d, ['rm', '-f', id]);
        }
        await stop(engine);
      }

      if (hub && distribution) {
        await start(hub);
        for (const reg of [hub, distribution]) {
          const creds = (s) => (reg.creds ? [`--${s}-creds`, reg.creds] : []);
          const push = images.map((img, i) => skopeo(['--preserve-digests', '--dest-tls-verify=false', ...creds('dest'),
            `docker-archive:${img.path}`, `docker://${reg.host}/bench/layer:r${i}`]));
          const dirOut = join(outDir, 'speed-pulled');
          const pull = images.map((_, i) => {
            rmSync(dirOut, { recursive: true, force: true });
            mkdirSync(dirOut);
            return skopeo(['--src-tls-verify=false', ...creds('src'), `docker://${reg.host}/bench/layer:r${i}`, `dir:${dirOut}`]);
          });
          rmSync(dirOut, { recursive: true, force: true });
          const mb = images[0].layerBytes / 1e6;
          const side = reg === hub ? 'quai' : 'other';
          values.push[side] = mb / median(push);
          values.skopeoPull[side] = mb / median(pull);
          if (reg === hub) await stop(hub); // one registry serving at a time
        }
      }
    } finally {
      for (const img of images) rmSync(img.path, { force: true });
    }
    if (Object.keys(pss).length) {
      notes.push(`memory with 20 containers as proportional set size (shared pages counted once): ${Object.entries(pss).map(([n, v]) => `${n} ${v.toFixed(0)} MiB`).join(', ')}`);
    }
    return { text: format(values).join('\n'), values, notes };
  },
};
