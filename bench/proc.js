// Host helpers for the benchmarks: processes, memory, mounts, disk use.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { request } from 'node:http';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a command, throws with its stderr when it fails, returns stdout. */
export function run(cmd, args, { env, timeoutMs = 120_000, input } = {}) {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, input });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** PIDs of processes whose command line mentions `text` (e.g. a bench dir). */
export function pidsMentioning(text) {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .map(Number)
    .filter((pid) => cmdline(pid).includes(text));
}

/** Resident memory of one process in bytes (VmRSS, or VmHWM: its peak), 0 when it is gone. */
export function rssBytes(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const sumRss = (pids) => pids.reduce((sum, pid) => sum + rssBytes(pid), 0);

/**
 * Proportional set size in bytes: pages shared between processes (the same
 * program's code in twenty monitors) counted once among them, so a sum is
 * what the group costs the machine. 0 when the process is gone.
 */
export function pssBytes(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const sumPss = (pids) => pids.reduce((sum, pid) => sum + pssBytes(pid), 0);

/** Bytes used under dir on its own filesystem (overlay mounts below are skipped). */
export function diskBytes(dir) {
  if (!existsSync(dir)) return 0;
  return Number(run('du', ['-sx', '--block-size=1', dir]).split('\t')[0]);
}

/** Unmounts everything mounted under dir, deepest first. */
export function unmountUnder(dir) {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m) => m && (m === dir || m.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
}

/** Stops a process by PID: SIGTERM, then SIGKILL after graceMs. */
export async function stopPid(pid, graceMs = 15_000) {
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** A Docker Engine API request over a unix socket; resolves { status, body }. */
export function apiRequest(socketPath, method, path, body, contentType = 'application/x-tar') {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: body ? { 'Content-Type': contentType } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.end(body);
  });
}

export async function waitForPing(socketPath, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`daemon exited with code ${child.exitCode}`);
    try {
      if ((await apiRequest(socketPath, 'GET', '/_ping')).status === 200) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`no answer on ${socketPath} after ${timeoutMs} ms`);
}

/** Execs a command capturing nothing; execFileSync keeps the timing tight. */
export function quiet(cmd, args, env) {
  execFileSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}
