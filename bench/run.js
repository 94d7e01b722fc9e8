#!/usr/bin/env node
// `npm run bench`: quai side by side with Docker (a private dockerd), Podman
// and Distribution, one table per topic (cases/<topic>.js), each figure the
// median of --runs passes. Engines and registries not installed are left out.
//   node bench/run.js [--only speed,lifecycle,exec,network,build,registry,hub-pages,hub-cluster,namespaces,compose,play] [--runs 5]
//                     [--engines quai,docker,podman] [--registries quai,distribution] [--containers 20]
//                     [--quai-root DIR]   (measure the quai of another checkout, e.g. main, for before/after)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableEngines } from './engines.js';
import { availableRegistries } from './registries.js';
import { formatTable } from './table.js';
import lifecycle from './cases/lifecycle.js';
import exec from './cases/exec.js';
import network from './cases/network.js';
import build from './cases/build.js';
import registry from './cases/registry.js';
import hubPages from './cases/hub-pages.js';
import namespaces from './cases/namespaces.js';
import compose from './cases/compose.js';
import play from './cases/play.js';
import speed from './cases/speed.js';
import hubCluster from './cases/hub-cluster.js';

const CASES = { speed, lifecycle, exec, network, build, registry, 'hub-pages': hubPages, 'hub-cluster': hubCluster, namespaces, compose, play };
const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const { values: opt } = parseArgs({
  options: {
    only: { type: 'string', default: Object.keys(CASES).join(',') },
    runs: { type: 'string', default: '5' },
    containers: { type: 'string', default: '20' },
    engines: { type: 'string', default: 'quai,docker,podman' },
    registries: { type: 'string', default: 'quai,distribution' },
    'quai-root': { type: 'string' },
  },
});
if (opt['quai-root']) process.env.QUAI_BENCH_ROOT = resolve(opt['quai-root']);
const outDir = join(repoRoot, '.bench');
mkdirSync(outDir, { recursive: true });
const ctx = { runs: Math.max(1, Number(opt.runs)), containers: Math.max(1, Number(opt.containers)), outDir, repoRoot };
const archive = join(repoRoot, 'build/images/busybox.tar');
if (process.getuid?.() !== 0) console.warn('bench: not root; the engines will likely fail to start');

let current;
/** Targets a 'custom' case started itself (several at once, e.g. a registry and an engine). */
const started = new Set();
const stopTarget = async (t) => { started.delete(t); await t.stop().catch(() => {}); };
const stopCurrent = async () => {
  if (current) await current.stop().catch(() => {});
  current = undefined;
  for (const t of [...started].reverse()) await stopTarget(t);
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopCurrent().finally(() => process.exit(130)); });

const report = [];
const all = {};
for (const name of opt.only.split(',')) {
  const c = CASES[name];
  if (!c) { console.error(`bench: unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`); process.exitCode = 2; continue; }
  if (c.targets === 'custom') {
    // The case starts and stops what it needs (ctx.start/ctx.stop) and formats its own table.
    const log = (msg) => console.error(`bench: ${name}: ${msg}`);
    const start = async (t) => { log(`starting ${t.name}`); started.add(t); await t.start(); };
    let out;
    try {
      out = await c.measureAll({ ...ctx, log, start, stop: stopTarget });
    } catch (err) {
      log(`failed: ${err.stack}`);
      out = { text: '', values: {}, notes: [`failed: ${err.message.split('\n').slice(0, 3).join(' | ')}`] };
      process.exitCode = 1;
    } finally {
      await stopCurrent();
    }
    const text = `## ${c.title}\n\n${out.text}\n\n${out.notes.map((n) => `- ${n}`).join('\n')}\n`;
    console.log(`\n${text}`);
    report.push(text);
    all[name] = { results: out.values, notes: out.notes };
    continue;
  }
  const { engines: targets, skipped } = c.targets === 'own' ? c.makeTargets() : c.targets === 'registries'
    ? (({ registries, skipped: s }) => ({ engines: registries, skipped: s }))(availableRegistries(opt.registries.split(',')))
    : availableEngines(opt.engines.split(',').filter((e) => !c.engines || c.engines.includes(e)));
  const results = {};
  const notes = [...(c.notes ?? []), ...skipped.map((s) => `left out: ${s}`)];
  for (const target of targets) {
    const log = (msg) => console.error(`bench: ${name}: ${target.name}: ${msg}`);
    current = target;
    try {
      log('starting');
      await target.start();
      if (c.targets === 'engines') await target.load(archive);
      results[target.name] = await c.measure(target, { ...ctx, log });
      const version = target.version();
      if (version) notes.push(`${target.name} ${version}`);
    } catch (err) {
      notes.push(`${target.name} failed: ${err.message.split('\n').slice(0, 3).join(' | ')}`);
      log(`failed: ${err.stack}`);
    } finally {
      await stopCurrent();
    }
  }
  c.cleanup?.();
  if (c.summary) notes.push(c.summary(results));
  const text = `${formatTable({ title: c.title, rows: c.rows(ctx), results, base: c.base })}\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  console.log(`\n${text}`);
  report.push(text);
  all[name] = { results, notes };
  if (Object.keys(results).length === 0) process.exitCode = 1;
}
console.log(`medians of ${ctx.runs} run(s)`);
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ runs: ctx.runs, cases: all }, null, 2)}\n`);
writeFileSync(join(outDir, 'results.md'), `${report.join('\n')}\nmedians of ${ctx.runs} run(s)\n`);
