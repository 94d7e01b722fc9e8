// The measurements, each a plain function of an engine (see engines.js).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists, diskBytes, pidsMentioning, quiet, sleep, sumPss, sumRss } from './proc.js';

export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cliArgs = (engine, args) => [...engine.cli.slice(1), ...args];

/** `run --rm busybox true`, CLI start to exit: median seconds over `runs`. */
export const cliToExit = (engine, runFlags, runs, outDir) =>
  cliMedian(engine, ['run', '--rm', ...runFlags, 'busybox', 'true'], runs, outDir, 'run');

/** Any CLI command, start to exit: median seconds over `runs` (hyperfine when installed). */
export function cliMedian(engine, args, runs, outDir, tag) {
  const full = cliArgs(engine, args);
  quiet(engine.cli[0], full, engine.env); // fails loudly before timing starts, and warms up
  if (commandExists('hyperfine') && full.every((a) => /^[\w./:=,@{}-]+$/.test(a))) {
    const json = join(outDir, `hyperfine-${engine.name}-${tag}.json`);
    execFileSync('hyperfine', ['-N', '--style', 'none', '--warmup', '0', '--runs', String(runs),
      '--export-json', json, [engine.cli[0], ...full].join(' ')],
    { env: { ...process.env, ...engine.env }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
    return JSON.parse(readFileSync(json, 'utf8')).results[0].median;
  }
  return medianOf(runs, () => quiet(engine.cli[0], full, engine.env));
}

/** Median seconds of `runs` calls of a synchronous fn. */
export function medianOf(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(times);
}

/** RSS of the engine's own processes (daemons, monitors), bytes. */
export const engineRss = (engine) => sumRss(pidsMentioning(`${engine.dir}/`));
/** The same processes' proportional set size (shared pages counted once), bytes. */
export const enginePss = (engine) => sumPss(pidsMentioning(`${engine.dir}/`));

/**
 * Waits until the engine's set of processes has not changed for 1 s (at most
 * 15 s), so short-lived helpers (podman's `container cleanup` after an exit)
 * are not counted as resident memory.
 */
async function settle(engine) {
  const key = () => pidsMentioning(`${engine.dir}/`).sort().join(',');
  const deadline = Date.now() + 15_000;
  let last = key();
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < 1000) {
    await sleep(200);
    const now = key();
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
}

/**
 * One round: `count` × `run -d busybox sleep 600` (timed), memory and disk
 * with them running, then one `rm -f` of all (timed). Disk is the data root's
 * growth divided by count.
 */
export async function round(engine, runFlags, count) {
  await settle(engine); // the previous round's clean-up
  const idleRss = engineRss(engine);
  const diskBefore = diskBytes(engine.dataRoot);
  const ids = [];
  let t = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const out = execFileSync(engine.cli[0], cliArgs(engine, ['run', '-d', ...runFlags, 'busybox', 'sleep', '600']),
      { env: { ...process.env, ...engine.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    ids.push(out.trim().split('\n').pop());
  }
  const runSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  await settle(engine);
  const busyRss = engineRss(engine);
  const busyPss = enginePss(engine);
  const perContainerDisk = (diskBytes(engine.dataRoot) - diskBefore) / count;
  t = process.hrtime.bigint();
  quiet(engine.cli[0], cliArgs(engine, ['rm', '-f', ...(engine.rmFlags ?? []), ...ids]), engine.env);
  const rmSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  return { idleRss, busyRss, busyPss, runSeconds, rmSeconds, perContainerDisk };
}
