import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv } from './env.js';
import { parsePs } from './top.js';
import { parseBlkio, statsFromV2 } from './stats.js';
import { totalmem } from 'node:os';
import { parseFlatKeyed } from './cgroup.js';
import { nextDelay, shouldRestart } from './restart-policy.js';

test('mergeEnv: exec env replaces the container value in place', () => {
  assert.deepEqual(mergeEnv(['PATH=/bin', 'A=1', 'HOME=/root'], ['A=2', 'B=3']), ['PATH=/bin', 'A=2', 'HOME=/root', 'B=3']);
});

test('parsePs keeps the container pids and the command with its spaces', () => {
  const out = 'UID PID PPID C STIME TTY TIME CMD\nroot 10 1 0 10:00 ? 00:00:00 sh -c sleep 5\nroot 11 1 0 10:00 ? 00:00:00 other\n';
  assert.deepEqual(parsePs(out, new Set([10])), {
    Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
    Processes: [['root', '10', '1', '0', '10:00', '?', '00:00:00', 'sh -c sleep 5']],
  });
  assert.throws(() => parsePs('USER CMD\n', new Set()), /PID field/);
});

test('parseBlkio and parseFlatKeyed read cgroup v1 files', () => {
  assert.deepEqual(parseBlkio('8:0 Read 4096\n8:0 Write 512\nTotal 4608\n'), [
    { major: 8, minor: 0, op: 'read', value: 4096 }, { major: 8, minor: 0, op: 'write', value: 512 },
  ]);
  assert.deepEqual(parseFlatKeyed('cache 12\nrss 34\n'), { cache: 12, rss: 34 });
});

test('restart policies decide as Docker', () => {
  assert.equal(shouldRestart({ Name: 'no' }, 1, false, 0), false);
  assert.equal(shouldRestart(undefined, 1, false, 0), false);
  assert.equal(shouldRestart({ Name: 'always' }, 0, false, 9), true);
  assert.equal(shouldRestart({ Name: 'always' }, 0, true, 0), false);
  assert.equal(shouldRestart({ Name: 'unless-stopped' }, 0, false, 0), true);
  assert.equal(shouldRestart({ Name: 'on-failure' }, 0, false, 0), false);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, 1, false, 1), true);
  assert.equal(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, 1, false, 2), false);
  assert.equal(shouldRestart({ Name: 'on-failure' }, 1, false, 100), true);
});

test('back-off doubles from 100 ms, caps at a minute, resets after 10 s of running', () => {
  assert.equal(nextDelay(undefined, 0), 100);
  assert.equal(nextDelay(100, 50), 200);
  assert.equal(nextDelay(400, 50), 800);
  assert.equal(nextDelay(50_000, 50), 60_000);
  assert.equal(nextDelay(6400, 10_000), 100);
});

test('statsFromV2 shapes cgroup v2 files as Docker does on v2', () => {
  const s = statsFromV2({
    cpuStat: 'usage_usec 250000\nuser_usec 200000\nsystem_usec 50000\nnr_periods 10\nnr_throttled 2\nthrottled_usec 3000\n',
    memCurrent: '8388608\n',
    memMax: '67108864\n',
    memStat: 'anon 4096000\nfile 2048000\ninactive_file 1024000\n',
    pidsCurrent: '3\n',
    pidsMax: 'max\n',
    ioStat: '8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n',
  });
  assert.deepEqual(s.cpu.cpu_usage, { total_usage: 250_000_000, usage_in_kernelmode: 50_000_000, usage_in_usermode: 200_000_000 });
  assert.deepEqual(s.cpu.throttling_data, { periods: 10, throttled_periods: 2, throttled_time: 3_000_000 });
  assert.equal(s.memory.usage, 8388608);
  assert.equal(s.memory.limit, 67108864);
  assert.equal((s.memory.stats as Record<string, number>).inactive_file, 1024000);
  assert.deepEqual(s.pids, { current: 3 }); // `max`: no limit field
  assert.deepEqual(s.blkio, [{ major: 8, minor: 0, op: 'read', value: 4096 }, { major: 8, minor: 0, op: 'write', value: 512 }]);
});

test('statsFromV2: an unlimited memory.max reads as the host memory', () => {
  const s = statsFromV2({ cpuStat: '', memCurrent: '1', memMax: 'max\n', memStat: '', pidsCurrent: '', pidsMax: '', ioStat: '' });
  assert.equal(s.memory.limit, totalmem());
});
