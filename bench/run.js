#!/usr/bin/env node
// `npm run bench`: quai side by side with Docker (a private dockerd), Podman
// and Distribution, one table per topic (cases/<topic>.js), each figure the
// median of --runs passes. Engines and registries not installed are left out.
//   node bench/run.js [--only lifecycle,exec,network,build,registry,hub-pages,namespaces,compose] [--runs 5]
//                     [--engines quai,docker,podman] [--registries quai,distribution] [--containers 20]
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

const CASES = { lifecycle, exec, network, build, registry, 'hub-pages': hubPages, namespaces, compose };
const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const { values: opt } = parseArgs({
  options: {
    only: { type: 'string', default: Object.keys(CASES).join(',') },
    runs: { type: 'string', default: '5' },
    containers: { type: 'string', default: '20' },
    engines: { type: 'string', default: 'quai,docker,podman' },
    registries: { type: 'string', default: 'quai,distribution' },
  },
});
const outDir = join(repoRoot, '.bench');
mkdirSync(outDir, { recursive: true });
const ctx = { runs: Math.max(1, Number(opt.runs)), containers: Math.max(1, Number(opt.containers)), outDir, repoRoot };
const archive = join(repoRoot, 'build/images/busybox.tar');
if (process.getuid?.() !== 0) console.warn('bench: not root; the engines will likely fail to start');

let current;
const stopCurrent = async () => { if (current) await current.stop().catch(() => {}); current = undefined; };
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopCurrent().finally(() => process.exit(130)); });

const report = [];
const all = {};
for (const name of opt.only.split(',')) {
  const c = CASES[name];
  if (!c) { console.error(`bench: unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`); process.exitCode = 2; continue; }
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
