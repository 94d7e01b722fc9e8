// Networks and volumes (issue 4): published ports on loopback, name resolution
// on user networks and isolation between them, --network none, named volumes,
// read-only binds, and ports and DNS surviving a kill -9 of the daemon.
// Traffic goes only to 127.0.0.1 and to the containers this file creates.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { waitFor } from '@quai/testkit';
import { docker, fails, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

const HTTPD = ['sh', '-c', 'mkdir -p /www && echo "page from $(hostname)" > /www/index.html && exec httpd -f -p 80 -h /www'];

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function get(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return res.text();
}

/** wget from a throwaway container (busybox `wget -T` crashes here; timeout(1) bounds it). */
function wgetFrom(network, url) {
  // sh stays PID 1: a signal to a PID 1 without handlers (wget) would be ignored.
  return docker(['run', '--rm', '--network', network, 'busybox', 'sh', '-c', `timeout 5 wget -qO- ${url} || exit 1`]);
}

describe('networks and volumes', { skip: isDocker && 'quai only: the test dockerd runs with --bridge none --iptables=false' }, () => {
  const ctx = useDaemon();

  test('a published port answers on 127.0.0.1 and is free again after stop', async (t) => {
    removeAfter(t, 'pub');
    const port = await freePort();
    await ok(['run', '-d', '--name', 'pub', '-p', `127.0.0.1:${port}:80`, 'busybox', ...HTTPD]);
    assert.ok(await waitFor(() => get(`http://127.0.0.1:${port}/`).then((b) => b.includes('page from'), () => false), 5000), 'no answer on the published port');
    assert.equal(await out(['port', 'pub', '80']), `127.0.0.1:${port}`);
    await fails(['run', '--rm', '-p', `127.0.0.1:${port}:80`, 'busybox', 'true'], { stderr: /port is already allocated/ });
    await ok(['stop', '-t', '1', 'pub']);
    assert.ok(await waitFor(() => portIsFree(port), 3000), `port ${port} still taken after stop`);
  });

  test('containers reach each other by name on a user network, not across networks', async (t) => {
    removeAfter(t, 'web');
    t.after(() => docker(['network', 'rm', 'app', 'elsewhere']));
    await ok(['network', 'create', 'app']);
    await ok(['network', 'create', 'elsewhere']);
    await ok(['run', '-d', '--name', 'web', '--network', 'app', '--network-alias', 'www', 'busybox', ...HTTPD]);
    const byName = await wgetFrom('app', 'http://web/');
    assert.equal(byName.code, 0, byName.stderr);
    assert.match(byName.stdout, /page from/);
    assert.match((await wgetFrom('app', 'http://www/')).stdout, /page from/);
    const ip = await out(['inspect', '-f', '{{.NetworkSettings.Networks.app.IPAddress}}', 'web']);
    assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
    const across = await wgetFrom('elsewhere', `http://${ip}/`);
    assert.notEqual(across.code, 0, 'a container on another network reached web');
    const noName = await wgetFrom('elsewhere', 'http://web/');
    assert.notEqual(noName.code, 0, 'web resolved from another network');
    assert.match(await out(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}}{{end}}', 'app']), /web/);
  });

  test('-P publishes exposed ports on free host ports; --internal networks have no way out', async (t) => {
    removeAfter(t, 'auto');
    t.after(() => docker(['network', 'rm', 'closed']));
    await ok(['run', '-d', '--name', 'auto', '--expose', '80', '-P', 'busybox', ...HTTPD]);
    const binding = await out(['port', 'auto', '80/tcp']);
    const port = Number(binding.split(':').pop());
    assert.ok(port > 0, binding);
    assert.ok(await waitFor(() => get(`http://127.0.0.1:${port}/`).then((b) => b.includes('page from'), () => false), 5000), `nothing on ${binding}`);
    await ok(['network', 'create', '--internal', 'closed']);
    assert.equal(await out(['network', 'inspect', '-f', '{{.Internal}}', 'closed']), 'true');
    const routes = await out(['run', '--rm', '--network', 'closed', 'busybox', 'ip', 'route']);
    assert.doesNotMatch(routes, /default/);
    const ip = await out(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'auto']);
    const r = await docker(['run', '--rm', '--network', 'closed', 'busybox', 'sh', '-c', `timeout 5 wget -qO- http://${ip}/ || exit 1`]);
    assert.notEqual(r.code, 0, 'a container on an internal network reached the default bridge');
  });

  test('--network none has only lo', async () => {
    const links = await out(['run', '--rm', '--network', 'none', 'busybox', 'ip', '-o', 'link']);
    assert.deepEqual(links.split('\n').map((l) => l.split(':')[1].trim()), ['lo']);
  });

  test('a named volume keeps data across containers and cannot be removed while used', async (t) => {
    removeAfter(t, 'holder');
    t.after(() => docker(['volume', 'rm', '-f', 'data']));
    await ok(['run', '--rm', '-v', 'data:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f']);
    assert.equal(await out(['run', '--rm', '-v', 'data:/data', 'busybox', 'cat', '/data/f']), 'kept');
    await ok(['run', '-d', '--name', 'holder', '-v', 'data:/data', 'busybox', 'sleep', '300']);
    await fails(['volume', 'rm', 'data'], { stderr: /volume is in use/ });
    assert.match(await out(['inspect', '-f', '{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}}{{end}}', 'holder']), /^volume data \/data$/);
    await ok(['rm', '-f', 'holder']);
    await ok(['volume', 'rm', 'data']);
  });

  test('an empty volume is filled from the image; rm -v drops anonymous volumes only', async () => {
    assert.match(await out(['run', '--rm', '-v', 'etc:/etc', 'busybox', 'cat', '/etc/passwd']), /root:/);
    await ok(['volume', 'rm', 'etc']);
    await ok(['create', '--name', 'anon', '-v', '/scratch', '-v', 'named:/named', 'busybox', 'true']);
    const anon = await out(['inspect', '-f', '{{range .Mounts}}{{if eq .Destination "/scratch"}}{{.Name}}{{end}}{{end}}', 'anon']);
    assert.match(anon, /^[0-9a-f]{64}$/);
    await ok(['rm', '-v', 'anon']);
    const left = (await out(['volume', 'ls', '-q'])).split('\n');
    assert.ok(!left.includes(anon), 'the anonymous volume survived rm -v');
    assert.ok(left.includes('named'), 'rm -v removed a named volume');
    await ok(['volume', 'rm', 'named']);
  });

  test('a :ro bind mount cannot be written from inside', async () => {
    const dir = mkdtempSync('/tmp/quai-e2e-bind-');
    try {
      writeFileSync(join(dir, 'x'), 'host\n');
      assert.equal(await out(['run', '--rm', '-v', `${dir}:/b:ro`, 'busybox', 'cat', '/b/x']), 'host');
      await fails(['run', '--rm', '-v', `${dir}:/b:ro`, 'busybox', 'sh', '-c', 'echo no > /b/y'], { stderr: /Read-only file system/ });
      assert.ok(!existsSync(join(dir, 'y')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('published ports and DNS keep working after kill -9 of the daemon', async (t) => {
    removeAfter(t, 'survivor');
    t.after(() => docker(['network', 'rm', 'crashnet']));
    const port = await freePort();
    await ok(['network', 'create', 'crashnet']);
    await ok(['run', '-d', '--name', 'survivor', '--network', 'crashnet', '-p', `127.0.0.1:${port}:80`, 'busybox', ...HTTPD]);
    assert.ok(await waitFor(() => get(`http://127.0.0.1:${port}/`).then(() => true, () => false), 5000));
    await ctx.daemon.kill9();
    await ctx.daemon.start();
    assert.match(await get(`http://127.0.0.1:${port}/`), /page from/);
    const r = await wgetFrom('crashnet', 'http://survivor/');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /page from/);
  });

  test('removed containers and networks leave no veth, namespace or rule behind', async () => {
    await ok(['run', '-d', '--name', 'brief', '-p', '127.0.0.1::80', '--network', 'bridge', 'busybox', 'sleep', '300']);
    const sandbox = await out(['inspect', '-f', '{{.NetworkSettings.SandboxKey}}', 'brief']);
    assert.ok(existsSync(sandbox), `no namespace file at ${sandbox}`);
    await ok(['rm', '-f', 'brief']);
    const netnsDir = join(ctx.daemon.execRoot, 'netns');
    assert.ok(await waitFor(() => !existsSync(netnsDir) || readdirSync(netnsDir).length === 0, 5000), `namespace files left: ${existsSync(netnsDir) && readdirSync(netnsDir)}`);
    const bridge = await out(['network', 'inspect', '-f', '{{index .Options "com.docker.network.bridge.name"}}', 'bridge']);
    const ports = execFileSync('ip', ['-o', 'link', 'show', 'master', bridge], { encoding: 'utf8' }).trim();
    assert.equal(ports, '', `veths left on ${bridge}`);
    const rules = execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' });
    assert.ok(!/DNAT .*--to-destination/.test(rules.split('\n').filter((l) => l.includes(bridge)).join('\n')), 'DNAT rules left');
  });
});
