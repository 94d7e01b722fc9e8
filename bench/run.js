#!/usr/bin/env node
// Benchmarks quai against Docker and Podman on this host (as root):
//   (a) `run --rm busybox true`, CLI start to exit (hyperfine median)
//   (b) N × `run -d busybox sleep 600`, wall time; then `rm -f` of all
//   (c) engine resident memory, idle and with N containers running
//   (d) disk used per extra container (data root growth / N)
// Every figure is the median over --runs rounds. Engines that are not
// installed are left out. Usage:
//   node bench/run.js [--runs 10] [--containers 20] [--engines quai,docker,podman] [--network none|default]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableEngines } from './engines.js';
import { cliToExit, median, round } from './measure.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    containers: { type: 'string', default: '20' },
    engines: { type: 'string', default: 'quai,docker,podman' },
    network: { type: 'string', default: 'none' },
  },
});
const runs = Math.max(1, Number(opt.runs));
const count = Math.max(1, Number(opt.containers));
const archive = join(repoRoot, 'build/images/busybox.tar');
const outDir = join(repoRoot, '.bench');
mkdirSync(outDir, { recursive: true });
if (process.getuid?.() !== 0) console.warn('bench: not root; the engines will likely fail to start');

const { engines, skipped } = availableEngines(opt.engines.split(','));
const results = {};
const notes = [...skipped.map((s) => `left out: ${s}`)];
let current;
const stopCurrent = async () => { if (current) await current.stop().catch(() => {}); current = undefined; };
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopCurrent().finally(() => process.exit(130)); });

for (const engine of engines) {
  const log = (msg) => console.error(`bench: ${engine.name}: ${msg}`);
  current = engine;
  try {
    log('starting');
    await engine.start();
    await engine.load(archive);
    const version = engine.version();
    const network = opt.network === 'default' ? [] : ['--network', opt.network];
    let runFlags = [...network, ...(engine.runFlags ?? [])];
    let exitSeconds;
    try {
      exitSeconds = cliToExit(engine, runFlags, runs, outDir);
    } catch (err) {
      if (network.length === 0) throw err;
      log(`--network ${opt.network} failed (${err.message.split('\n')[0]}); trying the default network`);
      runFlags = engine.runFlags ?? [];
      exitSeconds = cliToExit(engine, runFlags, runs, outDir);
    }
    log(`run --rm: ${(exitSeconds * 1000).toFixed(0)} ms; ${runs} round(s) of ${count} containers`);
    const rounds = [];
    for (let i = 0; i < runs; i++) rounds.push(await round(engine, runFlags, count));
    const pick = (k) => median(rounds.map((r) => r[k]));
    results[engine.name] = {
      version, network: runFlags.includes('--network') ? opt.network : 'default', exitSeconds,
      runSeconds: pick('runSeconds'), rmSeconds: pick('rmSeconds'),
      idleRss: pick('idleRss'), busyRss: pick('busyRss'), perContainerDisk: pick('perContainerDisk'),
    };
    notes.push(`${engine.name} ${version}: network ${results[engine.name].network}; memory = ${engine.note}`);
  } catch (err) {
    notes.push(`${engine.name} failed: ${err.message.split('\n').slice(0, 4).join(' | ')}`);
    log(`failed: ${err.message}`);
  } finally {
    await stopCurrent();
  }
}

const MiB = 1024 * 1024;
const rows = [
  ['run --rm busybox true (ms)', (r) => r.exitSeconds * 1000, 0],
  [`${count} × run -d sleep 600 (s)`, (r) => r.runSeconds, 2],
  [`rm -f of ${count} (s)`, (r) => r.rmSeconds, 2],
  ['RSS idle (MiB)', (r) => r.idleRss / MiB, 1],
  [`RSS with ${count} containers (MiB)`, (r) => r.busyRss / MiB, 1],
  ['disk per container (KiB)', (r) => r.perContainerDisk / 1024, 1],
];
const names = Object.keys(results);
const ratios = ['docker', 'podman'].filter((o) => results.quai && results[o]);
const header = ['metric', ...names, ...ratios.map((o) => `quai/${o}`)];
const table = [header];
for (const [label, get, digits] of rows) {
  const cells = names.map((n) => get(results[n]).toFixed(digits));
  for (const o of ratios) {
    const d = get(results[o]);
    cells.push(d ? (get(results.quai) / d).toFixed(2) : '—');
  }
  table.push([label, ...cells]);
}
const widths = header.map((_, i) => Math.max(...table.map((row) => String(row[i] ?? '').length)));
console.log(`\nmedians of ${runs} run(s); ${count} containers per round; busybox from build/images/busybox.tar\n`);
for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log('- disk: du -sx of the data root before/after the containers start (exec/run roots not counted)');
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ runs, count, results, notes }, null, 2)}\n`);
if (names.length === 0) process.exitCode = 1;
