// The memory cgroup's OOM killer, as Docker reports it: State.OOMKilled in
// inspect and an `oom` event before `die`, also when the kill happened
// while the daemon was down.
import assert from 'node:assert/strict';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive, waitFor } from '@quai/testkit';
import { docker, fails, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();

// busybox tail keeps the last lines in memory; /dev/zero has no newline.
const HOG = ['--memory', '16m', 'busybox', 'tail', '/dev/zero'];

async function eventsOf(name, since) {
  const until = String(Math.ceil(Date.now() / 1000) + 1);
  return (await out(['events', '--since', since, '--until', until, '--filter', `container=${name}`, '--format', '{{.Action}}'])).split('\n');
}

test('a container the memory cgroup killed: OOMKilled true, exit 137, an oom event then die', async (t) => {
  removeAfter(t, 'oom-hog');
  // conmon drops a file `oom` in its working directory: never the daemon's.
  const stray = join(readlinkSync(`/proc/${ctx.daemon.pid}/cwd`), 'oom');
  const strayBefore = existsSync(stray);
  const since = String(Math.floor(Date.now() / 1000));
  await fails(['run', '--name', 'oom-hog', ...HOG], { code: 137 });
  assert.equal(await out(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}}', 'oom-hog']), 'true 137');
  const actions = await eventsOf('oom-hog', since);
  assert.ok(actions.includes('oom'), actions.join(' '));
  assert.ok(actions.indexOf('oom') < actions.indexOf('die'), actions.join(' '));
  if (!strayBefore) assert.ok(!existsSync(stray), `${stray} was left by conmon`);
});

test('a kill that was not the OOM killer\'s is not OOMKilled; a new start clears it', async (t) => {
  removeAfter(t, 'oom-not', 'oom-once');
  await fails(['run', '--name', 'oom-not', '--memory', '16m', 'busybox', 'sh', '-c', 'sleep 60 & kill -9 $!; wait $!'], { code: 137 });
  assert.equal(await out(['inspect', '-f', '{{.State.OOMKilled}}', 'oom-not']), 'false');
  await fails(['run', '--name', 'oom-once', '--memory', '16m', 'busybox', 'sh', '-c', 'test -f /ran || { touch /ran; tail /dev/zero; }'], { code: 137 });
  assert.equal(await out(['inspect', '-f', '{{.State.OOMKilled}}', 'oom-once']), 'true');
  await ok(['start', '-a', 'oom-once']);
  assert.equal(await out(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}}', 'oom-once']), 'false 0');
});

test('an OOM kill while the daemon was down is reported after it starts again', async (t) => {
  removeAfter(t, 'oom-later');
  await ok(['run', '-d', '--name', 'oom-later', '--memory', '16m', 'busybox', 'sh', '-c', 'sleep 2; tail /dev/zero']);
  const pid = Number(await out(['inspect', '-f', '{{.State.Pid}}', 'oom-later']));
  assert.ok(pid > 0);
  await ctx.daemon.kill9();
  assert.ok(await waitFor(() => !isAlive(pid), 15_000), 'the hog was killed while the daemon was down');
  await ctx.daemon.start();
  await waitFor(async () => (await docker(['inspect', '-f', '{{.State.Status}}', 'oom-later'])).stdout.trim() === 'exited', 15_000);
  assert.equal(await out(['inspect', '-f', '{{.State.Status}} {{.State.OOMKilled}} {{.State.ExitCode}}', 'oom-later']), 'exited true 137');
});
