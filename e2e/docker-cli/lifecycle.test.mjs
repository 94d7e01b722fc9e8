// Detached containers: ps, inspect, logs, stop, rm, names, filters, wait, kill, restart, prune.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docker, fails, ok, out, removeAfter, useDaemon } from './setup.mjs';

useDaemon();

const inspect = (format, ref) => out(['inspect', '-f', format, ref]);
const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

test('run -d, ps, inspect, stop, rm, and the name conflict', async (t) => {
  removeAfter(t, 'box');
  const id = await out(['run', '-d', '--name', 'box', 'busybox', 'sleep', '300']);
  assert.match(id, /^[0-9a-f]{64}$/);

  const table = lines(await out(['ps']));
  assert.match(table[0], /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  const row = table.find((l) => l.startsWith(id.slice(0, 12)));
  assert.ok(row, `ps has no row for ${id.slice(0, 12)}:\n${table.join('\n')}`);
  assert.equal(row.split(/\s+/).at(-1), 'box');
  assert.match(row, /\bbusybox\b.*"sleep 300".*\bUp\b/);

  assert.equal(await inspect('{{.State.Running}}', 'box'), 'true');
  assert.equal(await inspect('{{.Id}}', 'box'), id);

  await fails(['run', '-d', '--name', 'box', 'busybox', 'sleep', '300'],
    { code: 125, stderr: /Conflict\. The container name "\/box" is already in use/ });

  assert.equal(await out(['stop', '-t', '1', 'box']), 'box');
  assert.equal(await inspect('{{.State.Status}} {{.State.Running}}', 'box'), 'exited false');
  assert.equal(await out(['rm', 'box']), 'box');
  await fails(['inspect', 'box'], { code: 1 });
});

test('logs shows what a container printed; --tail 1 and -t', async (t) => {
  removeAfter(t, 'logger', 'errlogger');
  await ok(['run', '--name', 'logger', 'busybox', 'sh', '-c', 'echo one; echo two; echo three']);
  assert.equal((await ok(['logs', 'logger'])).stdout, 'one\ntwo\nthree\n');
  // The two streams are separate pipes: their relative order is not kept, so one container per stream.
  await ok(['run', '--name', 'errlogger', 'busybox', 'sh', '-c', 'echo oops >&2']);
  const errs = await ok(['logs', 'errlogger']);
  assert.equal(errs.stdout, '');
  assert.equal(errs.stderr, 'oops\n');
  const tail = await ok(['logs', '--tail', '1', 'logger']);
  assert.equal(tail.stdout, 'three\n');
  const stamped = lines(await out(['logs', '-t', 'logger']));
  assert.equal(stamped.length, 3);
  for (const [i, word] of ['one', 'two', 'three'].entries()) {
    assert.match(stamped[i], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z ${word}$`));
  }
});

test('ps -a filters (status, name), -q, --format', async (t) => {
  removeAfter(t, 'flt-exited', 'flt-running');
  await ok(['run', '--name', 'flt-exited', 'busybox', 'true']);
  const running = await out(['run', '-d', '--name', 'flt-running', 'busybox', 'sleep', '300']);

  const exited = lines(await out(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}}']));
  assert.ok(exited.includes('flt-exited') && !exited.includes('flt-running'), exited.join(','));
  assert.deepEqual(lines(await out(['ps', '-a', '--filter', 'name=flt-running', '-q'])), [running.slice(0, 12)]);
  assert.deepEqual(lines(await out(['ps', '-q', '--no-trunc', '--filter', 'name=flt-'])), [running]);
  const names = lines(await out(['ps', '-a', '--format', '{{.Names}}']));
  assert.ok(names.includes('flt-exited') && names.includes('flt-running'), names.join(','));
  assert.ok(!lines(await out(['ps', '--format', '{{.Names}}'])).includes('flt-exited'), 'ps without -a lists an exited container');
});

test('rename', async (t) => {
  removeAfter(t, 'ren-old', 'ren-new');
  await ok(['run', '-d', '--name', 'ren-old', 'busybox', 'sleep', '300']);
  await ok(['rename', 'ren-old', 'ren-new']);
  assert.equal(await inspect('{{.Name}}', 'ren-new'), '/ren-new');
  await fails(['inspect', 'ren-old'], { code: 1 });
});

test('wait prints the exit code', async (t) => {
  const id = await out(['run', '-d', 'busybox', 'sh', '-c', 'sleep 0.5; exit 7']);
  removeAfter(t, id);
  assert.equal(await out(['wait', id]), '7');
});

test('kill -s delivers the signal', async (t) => {
  removeAfter(t, 'killme');
  // sh as PID 1 ignores signals it has no handler for, so trap one.
  await ok(['run', '-d', '--name', 'killme', 'busybox', 'sh', '-c', 'trap "exit 42" USR1; while true; do sleep 0.1; done']);
  await new Promise((r) => setTimeout(r, 300)); // let the trap be installed
  assert.equal(await out(['kill', '-s', 'USR1', 'killme']), 'killme');
  assert.equal(await out(['wait', 'killme']), '42');
  await ok(['start', 'killme']);
  await ok(['kill', 'killme']); // default SIGKILL
  assert.equal(await out(['wait', 'killme']), '137');
});

test('restart starts a new process', async (t) => {
  removeAfter(t, 'again');
  await ok(['run', '-d', '--name', 'again', 'busybox', 'sleep', '300']);
  const before = await inspect('{{.State.Pid}} {{.State.StartedAt}}', 'again');
  assert.equal(await out(['restart', '-t', '1', 'again']), 'again');
  const after = await inspect('{{.State.Pid}} {{.State.StartedAt}}', 'again');
  assert.notEqual(after, before);
  assert.equal(await inspect('{{.State.Running}}', 'again'), 'true');
});

test('container prune -f removes stopped containers only', async (t) => {
  removeAfter(t, 'prune-stopped', 'prune-running');
  const stopped = await out(['create', '--name', 'prune-stopped', 'busybox', 'true']);
  await ok(['run', '-d', '--name', 'prune-running', 'busybox', 'sleep', '300']);
  const pruned = await out(['container', 'prune', '-f']);
  assert.match(pruned, /Deleted Containers:/);
  assert.ok(pruned.includes(stopped), pruned);
  assert.match(pruned, /Total reclaimed space:/);
  await fails(['inspect', 'prune-stopped'], { code: 1 });
  assert.equal(await inspect('{{.State.Running}}', 'prune-running'), 'true');
});
