import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv } from './env.js';
import { parsePs } from './top.js';
import { parseBlkio } from './stats.js';
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
