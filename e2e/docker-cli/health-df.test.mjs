// Health checks (State.Health, health_status events, ps), `system df` with the
// build cache, `builder prune`, and log rotation with max-size + max-file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docker, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

useDaemon();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const health = async (name) => JSON.parse(await out(['inspect', '--format', '{{json .State.Health}}', name]));

async function waitHealth(name, status, ms = 15_000) {
  const end = Date.now() + ms;
  let h;
  while (Date.now() < end) {
    h = await health(name);
    if (h?.Status === status) return h;
    await sleep(250);
  }
  assert.fail(`${name} never became ${status}: ${JSON.stringify(h)}`);
}

test('a failing health check turns unhealthy and emits health_status; a passing one healthy', async (t) => {
  removeAfter(t, 'hbad', 'hgood');
  const since = String(Math.floor(Date.now() / 1000) - 1);
  await ok(['run', '-d', '--name', 'hbad', '--health-cmd', 'echo nope; exit 1', '--health-interval', '1s', '--health-retries', '2', 'busybox', 'sleep', '60']);
  await ok(['run', '-d', '--name', 'hgood', '--health-cmd', 'true', '--health-interval', '1s', 'busybox', 'sleep', '60']);
  assert.equal((await health('hbad')).Status, 'starting');
  assert.match(await out(['ps', '--filter', 'name=hbad', '--format', '{{.Status}}']), /\(health: starting\)$/);
  const bad = await waitHealth('hbad', 'unhealthy');
  assert.ok(bad.FailingStreak >= 2);
  assert.equal(bad.Log.at(-1).ExitCode, 1);
  assert.equal(bad.Log.at(-1).Output, 'nope\n');
  await waitHealth('hgood', 'healthy');
  assert.match(await out(['ps', '--filter', 'name=hbad', '--format', '{{.Status}}']), /\(unhealthy\)$/);
  assert.equal(await out(['ps', '--filter', 'health=healthy', '--format', '{{.Names}}']), 'hgood');
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const events = await out(['events', '--since', since, '--until', until, '--filter', 'event=health_status', '--format', '{{.Actor.Attributes.name}} {{.Action}}']);
  assert.match(events, /hbad health_status: unhealthy/);
  assert.match(events, /hgood health_status: healthy/);
  await ok(['stop', '-t', '0', 'hbad']);
});

test('--no-healthcheck disables the image or flag check', async (t) => {
  removeAfter(t, 'hnone');
  await ok(['run', '-d', '--name', 'hnone', '--no-healthcheck', 'busybox', 'sleep', '60']);
  assert.equal(await out(['inspect', '--format', '{{json .Config.Healthcheck.Test}}', 'hnone']), '["NONE"]');
  assert.equal(await out(['inspect', '--format', '{{json .State.Health}}', 'hnone']), 'null');
});

test('system df lists images, containers, volumes and the build cache; builder prune reclaims', async (t) => {
  removeAfter(t, 'dfc');
  const dir = mkdtempSync('/tmp/quai-e2e-df-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nRUN head -c 100000 /dev/urandom > /blob\nCMD ["true"]\n');
  await ok(['build', '-q', '-t', 'dfimg', dir], { timeoutMs: 60_000 });
  await ok(['volume', 'create', 'dfvol']);
  t.after(() => ok(['volume', 'rm', '-f', 'dfvol']));
  await ok(['run', '--name', 'dfc', '-v', 'dfvol:/v', 'busybox', 'sh', '-c', 'echo hi > /v/f; echo x > /new']);
  const table = await out(['system', 'df']);
  const rows = Object.fromEntries(table.split('\n').slice(1).map((l) => {
    const m = /^(Images|Containers|Local Volumes|Build Cache)\s+(\d+)\s+(\d+)/.exec(l);
    return m ? [m[1], { total: Number(m[2]), active: Number(m[3]) }] : [l, null];
  }));
  assert.ok(rows.Images.total >= 2, table);
  assert.ok(rows.Containers.total >= 1, table);
  assert.ok(rows['Local Volumes'].total >= 1, table);
  if (!isDocker) assert.ok(rows['Build Cache'].total >= 2, table);
  const verbose = await out(['system', 'df', '-v']);
  assert.match(verbose, /Images space usage:/);
  assert.match(verbose, /dfimg\s+latest/);
  assert.match(verbose, /dfvol\s+1\s+3B/);
  assert.match(verbose, /Build cache usage:/);
  if (isDocker) return;
  // Untagged, the build's images are only cache: prune deletes them and counts the bytes.
  await ok(['rmi', '--no-prune', 'dfimg']);
  const pruned = await out(['builder', 'prune', '-f']);
  assert.match(pruned, /Total reclaimed space: 10\d(\.\d+)?kB/);
});

const UNITS = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };
const bytes = (human) => { const m = /^([\d.]+)(B|kB|MB|GB)$/.exec(human); assert.ok(m, `not a size: ${human}`); return Number(m[1]) * UNITS[m[2]]; };
const near = (a, b, what) => assert.ok(Math.abs(a - b) <= Math.max(1000, b * 0.01), `${what}: ${a} vs ${b}`);

test('system df: images in use are not reclaimable, and the sums agree with the -v lines', { skip: isDocker && 'dockerd counts shared layers as reclaimable' }, async (t) => {
  removeAfter(t, 'dfu-two', 'dfu-three');
  const build = (tag, dockerfile) => ok(['build', '-q', '-t', tag, '-'], { input: dockerfile, timeoutMs: 60_000 });
  await build('dfu-two:1', 'FROM busybox\nRUN head -c 3000000 /dev/urandom > /a\nRUN head -c 2000000 /dev/urandom > /b\n');
  await build('dfu-three:1', 'FROM dfu-two:1\nRUN head -c 1000000 /dev/urandom > /c\n');
  await build('dfu-cache:1', 'FROM busybox\nRUN head -c 500000 /dev/urandom > /x\nCMD ["true"]\n');
  t.after(() => docker(['rmi', 'dfu-three:1', 'dfu-two:1']));
  await ok(['rmi', '--no-prune', 'dfu-cache:1']); // its RUN step stays, as build cache only
  await ok(['create', '--name', 'dfu-two', 'dfu-two:1']);
  await ok(['create', '--name', 'dfu-three', 'dfu-three:1']);

  const summary = Object.fromEntries((await out(['system', 'df', '--format', '{{json .}}'])).split('\n').map((l) => JSON.parse(l)).map((r) => [r.Type, r]));
  const verbose = await out(['system', 'df', '-v']);
  const section = (title) => verbose.split(title)[1].split('\n\n')[1].split('\n').slice(1).filter(Boolean);
  const imageRows = section('Images space usage:').map((l) => l.trim().split(/\s+/).slice(-4));
  assert.ok(imageRows.length >= 4, verbose);
  const unusedUnique = imageRows.filter(([, , , containers]) => containers === '0').reduce((n, [, , unique]) => n + bytes(unique), 0);
  const imagesReclaimable = bytes(summary.Images.Reclaimable.split(' ')[0]);
  near(imagesReclaimable, unusedUnique, 'images reclaimable vs the unique sizes of unused images');
  assert.ok(imagesReclaimable < 3_000_000, `layers of images in use counted as reclaimable: ${summary.Images.Reclaimable}`);

  const cacheRows = section('Build cache usage:').map((l) => l.trim().split(/\s+/));
  const cacheTotal = bytes(/Build cache usage: (\S+)/.exec(verbose)[1]);
  near(cacheRows.reduce((n, r) => n + bytes(r[2]), 0), cacheTotal, 'build cache lines vs total');
  near(bytes(summary['Build Cache'].Size), cacheTotal, 'build cache summary vs -v total');
  assert.ok(cacheTotal >= 500_000, `the cache-only step is counted: ${cacheTotal}`);
});

test('logs rotate with max-size and max-file; logs reads the rotated files in order', { skip: isDocker }, async (t) => {
  removeAfter(t, 'rot');
  await ok(['run', '-d', '--name', 'rot', '--log-opt', 'max-size=1k', '--log-opt', 'max-file=3', 'busybox', 'sh', '-c',
    'i=0; while [ $i -lt 120 ]; do i=$((i+1)); echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; sleep 0.02; done']);
  await ok(['wait', 'rot'], { timeoutMs: 30_000 });
  const lines = (await out(['logs', 'rot'])).split('\n');
  assert.equal(lines.at(-1), 'line-120-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  assert.ok(lines.length < 120 && lines.length > 20, `${lines.length} lines kept`);
  const numbers = lines.map((l) => Number(/line-(\d+)/.exec(l)[1]));
  assert.deepEqual(numbers, numbers.map((_, i) => numbers[0] + i), 'in order, none missing');
});
