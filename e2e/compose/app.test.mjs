// `quai compose` end to end (issue 15): the web + cache + worker project of
// fixtures/demo (a build, a healthcheck, depends_on service_healthy, two
// networks with an alias, a named volume, a published port, .env) brought up,
// used, changed and taken down; Debian's docker-compose 1.29 sees the same
// project. Traffic goes only to 127.0.0.1 and to the project's containers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { findBinary, waitFor } from '@quai/testkit';
import { compose, describeRun, dockerCompose, freePort, projectDir, spawnCompose, useDaemon, writeEnv } from './setup.mjs';

const ctx = useDaemon();

async function ok(dir, args, opts) {
  const r = await compose(ctx, dir, args, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

/** service → container IDs, from `compose ps --format json`. */
async function idsByService(dir) {
  const r = await ok(dir, ['ps', '-a', '--format', 'json']);
  const out = {};
  for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
    const c = JSON.parse(line);
    (out[c.Service] ??= []).push(c.ID);
  }
  return out;
}

describe('compose: the demo project', () => {
  const dir = projectDir('demo', 'demo');
  let port;

  test('up -d --wait builds web, waits for cache to be healthy, and the page answers on the published port', async () => {
    port = await freePort();
    writeEnv(dir, { WEB_PORT: port, GREETING: 'bonjour' });
    const r = await ok(dir, ['up', '-d', '--wait']);
    // plain progress (no terminal): one line per resource and state
    for (const line of ['Network demo_front Created', 'Network demo_back Created', 'Volume demo_data Created', 'Container demo-cache-1 Healthy', 'Container demo-web-1 Started']) {
      assert.match(r.stderr, new RegExp(`^ ${line}$`, 'm'), r.stderr);
    }
    // web started only once cache was healthy
    assert.ok(r.stderr.indexOf(' Container demo-cache-1 Healthy') < r.stderr.indexOf(' Container demo-web-1 Starting'), r.stderr);
    // web has no healthcheck: running is all --wait promises, so httpd may take a moment to listen
    let page = '';
    const get = () => fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then((res) => res.text()).then((t) => (page = t), () => '');
    assert.ok(await waitFor(async () => (await get()) !== '', 15_000), `nothing answered on 127.0.0.1:${port}`);
    assert.equal(page.trim(), 'page: bonjour');
    const ps = await ok(dir, ['ps']);
    assert.match(ps.stdout, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/m);
    assert.match(ps.stdout, /^demo-cache-1\s+busybox\s.*\(healthy\)/m);
    assert.match(ps.stdout, new RegExp(`^demo-web-1\\s+demo-web\\s.*127\\.0\\.0\\.1:${port}->80/tcp`, 'm'));
    const labels = JSON.parse((await ctx.daemon.docker(['inspect', '-f', '{{json .Config.Labels}}', 'demo-web-1'])).stdout);
    assert.equal(labels['com.docker.compose.project'], 'demo');
    assert.equal(labels['com.docker.compose.service'], 'web');
    assert.equal(labels['com.docker.compose.container-number'], '1');
    assert.equal(labels['com.docker.compose.oneoff'], 'False');
    assert.equal(labels['com.docker.compose.depends_on'], 'cache:service_healthy:false');
    assert.equal(labels['com.docker.compose.project.working_dir'], dir);
    assert.match(labels['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);
  });

  test('exec reaches another service by its name and by its network alias', async () => {
    const r = await ok(dir, ['exec', '-T', 'web', 'sh', '-c', 'timeout 5 wget -qO- http://cache:6379/ && timeout 5 wget -qO- http://store:6379/']);
    assert.equal(r.stdout, 'cache-ok\ncache-ok\n');
    // worker is on the back network only, where web is too
    const across = await compose(ctx, dir, ['exec', '-T', 'worker', 'sh', '-c', 'timeout 5 wget -qO- http://web/']);
    assert.equal(across.code, 0, describeRun(['exec'], across));
    assert.equal(across.stdout.trim(), 'page: bonjour');
  });

  test('logs show each container behind its prefix; --no-log-prefix without', async () => {
    const r = await ok(dir, ['logs', 'worker']);
    assert.match(r.stdout, /^worker-1 {2}\| worker steady$/m);
    assert.equal((await ok(dir, ['logs', '--no-log-prefix', 'worker'])).stdout, 'worker steady\n');
  });

  test('scale adds replicas, and one-off run --rm sees the shared volume and leaves nothing', async () => {
    const r = await ok(dir, ['up', '-d', '--scale', 'worker=2']);
    assert.match(r.stderr, /^ Container demo-worker-2 Started$/m);
    assert.equal((await idsByService(dir)).worker.length, 2);
    const run = await ok(dir, ['run', '--rm', '-T', 'worker', 'cat', '/data/worker.txt']);
    assert.equal(run.stdout, 'worker steady\n');
    const oneoffs = await ctx.daemon.docker(['ps', '-aq', '--filter', 'label=com.docker.compose.oneoff=True']);
    assert.equal(oneoffs.stdout.trim(), '');
  });

  test('a changed setting recreates only its service', async () => {
    const before = await idsByService(dir);
    const r = await ok(dir, ['up', '-d', '--scale', 'worker=2'], { env: { WORKER_MODE: 'busy' } });
    const after = await idsByService(dir);
    assert.deepEqual(after.cache, before.cache, 'cache was recreated');
    assert.deepEqual(after.web, before.web, 'web was recreated');
    assert.equal(after.worker.length, 2);
    for (const id of after.worker) assert.ok(!before.worker.includes(id), `worker ${id} was kept`);
    assert.match(r.stderr, /^ Container demo-worker-1 Recreated$/m);
    assert.match(r.stderr, /^ Container demo-web-1 Running$/m);
    assert.match((await ok(dir, ['logs', '--no-log-prefix', '--index', '1', 'worker'])).stdout, /worker busy/);
    // the same again changes nothing
    const again = await ok(dir, ['up', '-d', '--scale', 'worker=2'], { env: { WORKER_MODE: 'busy' } });
    assert.doesNotMatch(again.stderr, /Recreate|Created/);
  });

  test("Debian's docker-compose 1.29 sees the project that quai compose started", { skip: !findBinary('docker-compose') && 'docker-compose is not installed (scripts/setup.sh installs it)' }, async () => {
    const r = await dockerCompose(ctx, dir, ['ps']);
    assert.equal(r.code, 0, `docker-compose ps: ${r.stderr}`);
    for (const name of ['demo-cache-1', 'demo-web-1', 'demo-worker-1', 'demo-worker-2']) assert.match(r.stdout, new RegExp(`^${name}\\s`, 'm'), r.stdout);
    assert.match(r.stdout, new RegExp(`127\\.0\\.0\\.1:${port}->80/tcp`));
    const services = await dockerCompose(ctx, dir, ['ps', '--services']);
    assert.deepEqual(services.stdout.trim().split('\n').sort(), ['cache', 'web', 'worker']);
    // 1.29 reads the same file (its own schema and interpolation) and finds the same names
    const config = await dockerCompose(ctx, dir, ['config', '--volumes']);
    assert.equal(config.code, 0, config.stderr);
    assert.equal(config.stdout, 'data\n');
    const logs = await dockerCompose(ctx, dir, ['logs', '--no-color', 'cache']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /Attaching to demo-cache-1/);
  });

  test('port, top, images, ls, cp, events and config lists answer for the running project', async () => {
    assert.equal((await ok(dir, ['port', 'web', '80'])).stdout.trim(), `127.0.0.1:${port}`);
    assert.match((await ok(dir, ['top', 'web'])).stdout, /^demo-web-1\n.*PID[\s\S]*httpd -f -p 80/m);
    assert.match((await ok(dir, ['images'])).stdout, /^demo-web-1\s+demo-web\s+latest\s+[0-9a-f]{12}\s/m);
    assert.match((await ok(dir, ['ls'])).stdout, new RegExp(`^demo\\s+running\\(4\\)\\s+${dir}/compose\\.yaml$`, 'm'));
    await ok(dir, ['cp', 'worker:/data/worker.txt', `${dir}/copied.txt`]);
    assert.equal(readFileSync(`${dir}/copied.txt`, 'utf8'), 'worker busy\n');
    assert.equal((await ok(dir, ['config', '--volumes'])).stdout, 'data\n');
    const events = spawnCompose(ctx, dir, ['events', '--json']);
    try {
      await ok(dir, ['restart', 'worker']);
      assert.ok(await waitFor(() => /"action":"start"/.test(events.output()), 10_000), events.output());
      const e = JSON.parse(events.output().split('\n').find((l) => l.includes('"action":"start"')));
      assert.equal(e.service, 'worker');
      assert.equal(e.type, 'container');
    } finally {
      events.kill();
    }
  });

  test('pause, unpause, stop, start, kill and rm act on the services named', async () => {
    const state = async (service) => JSON.parse((await ok(dir, ['ps', '-a', '--format', 'json', service])).stdout.trim().split('\n')[0]).State;
    await ok(dir, ['pause', 'worker']);
    assert.equal(await state('worker'), 'paused');
    await ok(dir, ['unpause', 'worker']);
    assert.equal(await state('worker'), 'running');
    await ok(dir, ['stop', 'worker']);
    assert.equal(await state('worker'), 'exited');
    assert.equal(await state('cache'), 'running', 'stop worker stopped cache');
    await ok(dir, ['start', 'worker']);
    assert.equal(await state('worker'), 'running');
    await ok(dir, ['kill', 'worker']);
    assert.equal(await state('worker'), 'exited');
    const rm = await ok(dir, ['rm', '-f', 'worker']);
    assert.match(rm.stderr, /Container demo-worker-1 Removed/);
    assert.equal((await idsByService(dir)).worker, undefined);
    await ok(dir, ['up', '-d', '--scale', 'worker=2'], { env: { WORKER_MODE: 'busy' } });
  });

  test('build --no-cache makes a new web image; up recreates web alone for it', async () => {
    const before = await idsByService(dir);
    const build = await ok(dir, ['build', '--no-cache', 'web']);
    assert.match(build.stderr, /Step 3\/4 : RUN/);
    assert.doesNotMatch(build.stderr, /Using cache/);
    await ok(dir, ['up', '-d', '--scale', 'worker=2'], { env: { WORKER_MODE: 'busy' } });
    const after = await idsByService(dir);
    assert.notDeepEqual(after.web, before.web, 'web kept its old image');
    assert.deepEqual(after.cache, before.cache);
    assert.deepEqual(after.worker.sort(), before.worker.sort());
  });

  test('down -v leaves no container, network or volume of the project', async () => {
    await ok(dir, ['down', '-v']);
    const docker = (args) => ctx.daemon.docker(args).then((r) => r.stdout.trim());
    assert.equal(await docker(['ps', '-aq', '--filter', 'label=com.docker.compose.project=demo']), '');
    assert.equal(await docker(['network', 'ls', '-q', '--filter', 'label=com.docker.compose.project=demo']), '');
    assert.equal(await docker(['volume', 'ls', '-q', '--filter', 'label=com.docker.compose.project=demo']), '');
    assert.doesNotMatch(await docker(['network', 'ls', '--format', '{{.Name}}']), /demo_/);
    assert.doesNotMatch(await docker(['volume', 'ls', '--format', '{{.Name}}']), /demo_/);
  });
});
