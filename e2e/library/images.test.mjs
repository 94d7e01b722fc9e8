// The official images (library/) as a user meets them: each archive loaded
// into a private daemon, then used the way its README says, with the real
// docker CLI. Needs root, the docker CLI and build/images/*.tar
// (scripts/setup.sh builds them; library/build.sh NAME builds one).
// Traffic goes only to 127.0.0.1 and to the containers this file creates.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { libraryArchive, loadImage, waitFor } from '@quai/testkit';
import { docker, fails, ok, out, removeAfter, useDaemon } from '../docker-cli/setup.mjs';

const IMAGES = ['debian', 'nginx', 'redis', 'httpd', 'python', 'node', 'postgres'];

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The body of a GET, or undefined while nothing answers. */
async function get(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return await res.text();
  } catch {
    return undefined;
  }
}

/** The body of a GET once the server answers (a server takes a moment to start). */
async function page(url) {
  let body;
  await waitFor(async () => (body = await get(url)) !== undefined, 30_000, 250);
  assert.ok(body !== undefined, `nothing answers on ${url}`);
  return body;
}

async function ipOf(name) {
  return out(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', name]);
}

/** Waits until `docker logs NAME` matches `pattern` `times` times; returns the logs. */
async function waitForLogs(name, pattern, { times = 1, timeoutMs = 60_000 } = {}) {
  let logs = '';
  const found = await waitFor(async () => {
    const r = await docker(['logs', name]);
    logs = r.stdout + r.stderr;
    return (logs.match(new RegExp(pattern.source, 'g')) ?? []).length >= times;
  }, timeoutMs, 250);
  assert.ok(found, `${name} never logged ${pattern}:\n${logs}`);
  return logs;
}

describe('official images', () => {
  const ctx = useDaemon();
  before(async () => {
    for (const name of IMAGES) await loadImage(ctx.daemon.dockerHost, libraryArchive(name));
  }, { timeout: 300_000 });

  test('debian answers to latest, 12, bookworm and bookworm-slim: one image', async () => {
    const ids = new Set();
    for (const ref of ['debian', 'debian:latest', 'debian:12', 'debian:bookworm', 'debian:bookworm-slim', 'debian:12-slim']) {
      ids.add(await out(['image', 'inspect', '-f', '{{.Id}}', ref]));
    }
    assert.equal(ids.size, 1, `different images: ${[...ids].join(' ')}`);
    assert.match(await out(['run', '--rm', 'debian', 'cat', '/etc/debian_version']), /^12\.\d+$/);
    // Real groups survive the layer (the shadow group owns /etc/shadow).
    assert.equal(await out(['run', '--rm', 'debian:12', 'stat', '-c', '%U:%G %a', '/etc/shadow']), 'root:shadow 640');
  });

  test('every image starts from the very layer of debian:bookworm-slim, and system df counts it shared', async () => {
    const [base] = JSON.parse(await out(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', 'debian:bookworm-slim']));
    for (const name of IMAGES.slice(1)) {
      const layers = JSON.parse(await out(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', name]));
      assert.equal(layers[0], base, `${name}'s bottom layer`);
    }
    const df = JSON.parse(await out(['system', 'df', '-v', '--format', '{{json .Images}}']));
    const nginx = df.find((i) => i.Repository === 'nginx');
    assert.ok(nginx, `nginx missing from system df: ${JSON.stringify(df)}`);
    assert.notEqual(nginx.SharedSize, '0B', `no shared size for nginx: ${JSON.stringify(nginx)}`);
  });

  test('busybox wget -T works against a container\'s httpd, and times out on a silent server', async (t) => {
    removeAfter(t, 'lib-httpd-wget', 'lib-silent');
    await ok(['run', '-d', '--name', 'lib-httpd-wget', 'httpd']);
    const ip = await ipOf('lib-httpd-wget');
    let r;
    await waitFor(async () => (r = await docker(['run', '--rm', 'busybox', 'wget', '-T', '5', '-q', '-O', '-', `http://${ip}/`])).code === 0, 30_000, 250);
    assert.equal(r.code, 0, `wget -T 5: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stdout, /It works!/);
    // A server that accepts and never answers (nc's input stays open): wget gives up by itself.
    await ok(['run', '-d', '--name', 'lib-silent', 'busybox', 'sh', '-c', 'sleep 600 | nc -l -p 9000']);
    const silent = await ipOf('lib-silent');
    const slow = await docker(['run', '--rm', 'busybox', 'wget', '-T', '2', '-q', '-O', '-', `http://${silent}:9000/`]);
    assert.notEqual(slow.code, 0);
    assert.match(slow.stderr, /timed out/);
  });

  test('nginx: docker run -d -p PORT:80 nginx serves its welcome page, logs go to docker logs', async (t) => {
    removeAfter(t, 'lib-nginx');
    const port = await freePort();
    await ok(['run', '-d', '--name', 'lib-nginx', '-p', `${port}:80`, 'nginx']); // as a user types it
    const body = await page(`http://127.0.0.1:${port}/`);
    assert.match(body, /<title>Welcome to nginx!<\/title>/);
    const logs = await waitForLogs('lib-nginx', /"GET \/ HTTP\/1\.1" 200/);
    assert.match(logs, /docker-entrypoint\.sh: configuration done/);
  });

  test('nginx: templates become conf.d files with the environment filled in', async (t) => {
    removeAfter(t, 'lib-nginx-tpl');
    const dir = mkdtempSync('/tmp/quai-library-e2e-');
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'hello.conf.template'),
      'server { listen ${HELLO_PORT}; location / { return 200 "hello from $host on ${HELLO_PORT}\\n"; } }\n');
    await ok(['run', '-d', '--name', 'lib-nginx-tpl', '-e', 'HELLO_PORT=8081', '-v', `${dir}:/etc/nginx/templates:ro`, 'nginx']);
    const ip = await ipOf('lib-nginx-tpl');
    const body = await page(`http://${ip}:8081/`);
    assert.equal(body, `hello from ${ip} on 8081\n`);
  });

  test('redis: redis-cli ping answers PONG, in the container and from another one', async (t) => {
    removeAfter(t, 'lib-redis');
    await ok(['run', '-d', '--name', 'lib-redis', 'redis']);
    await waitForLogs('lib-redis', /Ready to accept connections/);
    assert.equal(await out(['exec', 'lib-redis', 'redis-cli', 'ping']), 'PONG');
    const ip = await ipOf('lib-redis');
    assert.equal(await out(['run', '--rm', 'redis', 'redis-cli', '-h', ip, 'set', 'greeting', 'hi']), 'OK');
    assert.equal(await out(['run', '--rm', 'redis', 'redis-cli', '-h', ip, 'get', 'greeting']), 'hi');
    // The server runs as redis, not root, with /data as its directory.
    assert.equal(await out(['exec', 'lib-redis', 'sh', '-c', 'stat -c %U /data && redis-cli config get dir | tail -n 1']), 'redis\n/data');
  });

  test('httpd: serves "It works!" on its published port', async (t) => {
    removeAfter(t, 'lib-httpd');
    const port = await freePort();
    await ok(['run', '-d', '--name', 'lib-httpd', '-p', `127.0.0.1:${port}:80`, 'httpd']);
    const body = await page(`http://127.0.0.1:${port}/`);
    assert.match(body, /It works!/);
    await waitForLogs('lib-httpd', /"GET \/ HTTP\/1\.1" 200/);
  });

  test('python: a one-liner, pip and the python name', async () => {
    assert.equal(await out(['run', '--rm', 'python', 'python3', '-c', 'import sys; print(sum(range(10)), sys.version_info[:2])']), '45 (3, 11)');
    assert.equal(await out(['run', '--rm', 'python:3.11', 'python', '-c', 'print("hi")']), 'hi');
    assert.match(await out(['run', '--rm', 'python', 'pip', '--version']), /^pip \d+/);
  });

  test('node: a one-liner, with and without the node command, and npm', async () => {
    assert.equal(await out(['run', '--rm', 'node', 'node', '-e', 'console.log([1, 2, 3].map((x) => x * 2).join(","))']), '2,4,6');
    assert.match(await out(['run', '--rm', 'node:18', '-p', 'process.versions.node']), /^18\./);
    assert.match(await out(['run', '--rm', 'node', 'npm', '--version']), /^\d+\.\d+\.\d+$/);
  });

  test('postgres: initdb with POSTGRES_PASSWORD, USER and DB, init scripts, then psql over the network', async (t) => {
    removeAfter(t, 'lib-pg');
    const dir = mkdtempSync('/tmp/quai-library-e2e-');
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755); // the scripts are read by the postgres user
    writeFileSync(join(dir, '10-table.sql'), "CREATE TABLE greeting (text text); INSERT INTO greeting VALUES ('hello from initdb.d');\n");
    await ok(['run', '-d', '--name', 'lib-pg', '-e', 'POSTGRES_PASSWORD=s3cret', '-e', 'POSTGRES_USER=app', '-e', 'POSTGRES_DB=shop',
      '-v', `${dir}:/docker-entrypoint-initdb.d:ro`, 'postgres']);
    // The first "ready" is the temporary server of the initialisation; the second the real one.
    await waitForLogs('lib-pg', /database system is ready to accept connections/, { times: 2, timeoutMs: 120_000 });
    const ip = await ipOf('lib-pg');
    const psql = ['run', '--rm', '-e', 'PGPASSWORD=s3cret', 'postgres', 'psql', '-h', ip, '-U', 'app', '-d', 'shop', '-tAc'];
    assert.equal(await out([...psql, 'SELECT text FROM greeting']), 'hello from initdb.d');
    assert.equal(await out([...psql, 'SELECT current_user']), 'app');
    // The password is required over the network.
    await fails(['run', '--rm', '-e', 'PGPASSWORD=wrong', 'postgres', 'psql', '-h', ip, '-U', 'app', '-d', 'shop', '-c', 'SELECT 1'],
      { stderr: /password authentication failed/ });
  });

  test('postgres: without POSTGRES_PASSWORD it refuses to start and says why', async () => {
    const r = await fails(['run', '--rm', 'postgres']);
    assert.match(r.stderr, /POSTGRES_PASSWORD/);
  });
});
