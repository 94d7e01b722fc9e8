// Issue 3: `exec CONTAINER true` latency, and bytes per second through
// `run -i --rm busybox cat` of 256 MiB of stdin against a plain pipe `cat`.
import { spawnSync } from 'node:child_process';
import { cli } from '../engines.js';
import { cliMedian, median, medianOf } from '../measure.js';
import { apiRequest, commandExists } from '../proc.js';
import { randomFile } from '../fixtures.js';

const SIZE = 256 * 1024 * 1024;

/** Seconds for `sh -c "<cmd> < file | wc -c"`; throws unless every byte came through. */
function pipeSeconds(argv, file, env = {}) {
  let r;
  const s = medianOf(1, () => {
    r = spawnSync('sh', ['-c', '"$@" < "$BENCH_IN" | wc -c', 'sh', ...argv],
      { env: { ...process.env, ...env, BENCH_IN: file }, encoding: 'utf8', timeout: 300_000 });
  });
  const count = Number(r.stdout?.trim() || 0);
  if (count !== SIZE) {
    throw new Error(`${count} of ${SIZE} bytes came through in ${s.toFixed(1)} s${r.error ? ` (${r.error.code})` : ''}: ${(r.stderr ?? '').trim().split('\n')[0]}`);
  }
  return s;
}

/** Median MB/s (10^6 bytes) of `runs` passes; the first pass only warms up. */
function throughput(argv, file, runs, env) {
  pipeSeconds(argv, file, env);
  const times = Array.from({ length: runs }, () => pipeSeconds(argv, file, env)).sort((a, b) => a - b);
  return SIZE / 1e6 / times[Math.floor(times.length / 2)];
}

/**
 * exec create + start + inspect over the Engine API socket, one client that
 * stays up: the engine's own latency, without any CLI's start-up. Median ms;
 * the first round warms up.
 */
async function apiExecMs(socket, id, runs) {
  const json = (value) => JSON.stringify(value);
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const created = await apiRequest(socket, 'POST', `/containers/${id}/exec`, json({ Cmd: ['true'], AttachStdout: true, AttachStderr: true }), 'application/json');
    const execId = JSON.parse(created.body).Id;
    await apiRequest(socket, 'POST', `/exec/${execId}/start`, json({ Detach: false, Tty: false }), 'application/json');
    const info = JSON.parse((await apiRequest(socket, 'GET', `/exec/${execId}/json`)).body);
    if (info.ExitCode !== 0) throw new Error(`exec true exited ${info.ExitCode}`);
    if (i) times.push(performance.now() - t);
  }
  return median(times);
}

/** The docker CLI (28.x), the same client for every engine with an API socket. */
const DOCKER_CLI = '/usr/local/bin/docker';

let plainPipe;

export default {
  name: 'exec',
  title: 'exec and stdin streaming (issue 3)',
  targets: 'engines',
  rows: () => [
    { label: 'exec CONTAINER true, own CLI (ms)', key: 'execMs', digits: 0 },
    { label: '  same, docker CLI 28 (ms)', key: 'execDockerCliMs', digits: 0 },
    { label: '  same, Engine API round trip (ms)', key: 'execApiMs', digits: 0 },
    { label: 'run -i --rm busybox cat, 256 MiB (MB/s)', key: 'stdinMBps', digits: 0 },
    { label: '  same, as a fraction of a plain pipe', key: 'stdinVsPipe', digits: 2 },
  ],
  notes: [
    'stdin: sh -c "CLI run -i --rm busybox cat < 256MiB-file | wc -c", byte count checked; first pass is a warm-up',
  ],
  async measure(engine, { runs, outDir }) {
    const file = randomFile(outDir, 'stdin-256m.bin', SIZE);
    plainPipe ??= throughput(['cat'], file, runs);
    const runFlags = ['--network', 'none', ...(engine.runFlags ?? [])];
    const id = cli(engine, ['run', '-d', ...runFlags, 'busybox', 'sleep', '600']).trim().split('\n').pop();
    let execMs;
    let execDockerCliMs = 'n/a';
    let execApiMs = 'n/a';
    try {
      execMs = cliMedian(engine, ['exec', id, 'true'], runs, outDir, 'exec') * 1000;
      if (engine.socket) {
        execApiMs = await apiExecMs(engine.socket, id, runs);
        if (commandExists(DOCKER_CLI)) {
          const viaDocker = { ...engine, name: `${engine.name}-dockercli`, cli: [DOCKER_CLI] };
          execDockerCliMs = cliMedian(viaDocker, ['exec', id, 'true'], runs, outDir, 'exec') * 1000;
        }
      }
    } finally {
      cli(engine, ['rm', '-f', ...(engine.rmFlags ?? []), id]);
    }
    const args = [...engine.cli, 'run', '-i', '--rm', ...runFlags, 'busybox', 'cat'];
    const probe = spawnSync(args[0], args.slice(1), { env: { ...process.env, ...engine.env }, input: 'hello\n', encoding: 'utf8', timeout: 30_000 });
    if (probe.stdout !== 'hello\n') {
      return { execMs, execDockerCliMs, execApiMs, stdinMBps: 'n/a (not supported yet)', stdinVsPipe: 'n/a', plainPipe };
    }
    let stdinMBps;
    try {
      stdinMBps = throughput(args, file, runs, engine.env);
    } catch (err) {
      return { execMs, execDockerCliMs, execApiMs, stdinMBps: 'failed', stdinVsPipe: 'failed', plainPipe, note: `${engine.name} run -i: ${err.message}` };
    }
    return { execMs, execDockerCliMs, execApiMs, stdinMBps, stdinVsPipe: stdinMBps / plainPipe, plainPipe };
  },
  summary: (results) => [...Object.values(results).map((r) => r.note).filter(Boolean), `plain pipe \`cat < file | wc -c\`: ${plainPipe?.toFixed(0)} MB/s`].join('\n- '),
};
