// Swarm and managed plugins are not part of quai; their routes answer as a
// Docker node outside a swarm, with an empty plugin store, so clients see a
// clear state rather than a daemon missing half its API (404).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiRequest, socketOf } from '@quai/testkit';
import { fails, isDocker, out, useDaemon } from './setup.mjs';

const ctx = useDaemon({ busybox: false });
const NOT_A_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
const api = (method, path) => apiRequest(socketOf(ctx.daemon.dockerHost), { method, path, timeoutMs: 10_000 });

test('swarm commands say the node is not a swarm manager', async () => {
  for (const args of [['node', 'ls'], ['service', 'ls'], ['secret', 'ls'], ['config', 'ls'], ['service', 'ps', 'web'], ['swarm', 'unlock-key']]) {
    await fails(args, { code: 1, stderr: new RegExp(`Error response from daemon: ${NOT_A_MANAGER.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}`) });
  }
  await fails(['swarm', 'leave'], { code: 1, stderr: /This node is not part of a swarm/ });
  assert.equal(await out(['info', '--format', '{{.Swarm.LocalNodeState}}']), 'inactive');
});

test('docker swarm init is refused with a clear 503, not "page not found"', { skip: isDocker && 'dockerd can init a swarm' }, async () => {
  const r = await fails(['swarm', 'init'], { code: 1, stderr: /This node is not a swarm manager/ });
  assert.doesNotMatch(r.stderr, /page not found/);
});

test('every swarm route answers 503 with Docker\'s message', async () => {
  const routes = [
    ['GET', '/swarm'], ['GET', '/swarm/unlockkey'], ['POST', '/swarm/update?version=1'], ['POST', '/swarm/unlock'],
    ['GET', '/services'], ['GET', '/services/x'], ['POST', '/services/create'], ['POST', '/services/x/update?version=1'], ['DELETE', '/services/x'], ['GET', '/services/x/logs?stdout=1'],
    ['GET', '/nodes'], ['GET', '/nodes/x'], ['DELETE', '/nodes/x'], ['POST', '/nodes/x/update?version=1'],
    ['GET', '/tasks'], ['GET', '/tasks/x'], ['GET', '/tasks/x/logs?stdout=1'],
    ['GET', '/secrets'], ['GET', '/secrets/x'], ['POST', '/secrets/create'], ['DELETE', '/secrets/x'], ['POST', '/secrets/x/update?version=1'],
    ['GET', '/configs'], ['GET', '/configs/x'], ['POST', '/configs/create'], ['DELETE', '/configs/x'], ['POST', '/configs/x/update?version=1'],
  ];
  for (const [method, path] of routes) {
    const res = await api(method, `/v1.45${path}`);
    assert.equal(res.status, 503, `${method} ${path}: ${res.status} ${res.body}`);
    if (!isDocker || !/create|update|unlock$/.test(path)) assert.equal(res.json().message, NOT_A_MANAGER, `${method} ${path}`);
  }
  const leave = await api('POST', '/swarm/leave');
  assert.equal(leave.status, 503);
  assert.equal(leave.json().message, 'This node is not part of a swarm');
});

test('the plugin store is empty: plugin ls, GET /plugins, privileges', async () => {
  assert.equal(await out(['plugin', 'ls', '--format', '{{.Name}}']), '');
  const list = await api('GET', '/plugins');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json(), []);
  assert.equal((await api('GET', '/plugins?filters=%7B%22nope%22%3A%5B%22x%22%5D%7D')).status, 400);
  await fails(['plugin', 'inspect', 'nosuch'], { code: 1, stderr: /plugin "nosuch" not found|nosuch/ });
  const bad = await api('GET', '/plugins/privileges?remote=a%20b');
  assert.equal(bad.status, 400);
  if (!isDocker) {
    const privileges = await api('GET', '/plugins/privileges?remote=vieux/sshfs');
    assert.equal(privileges.status, 500);
    assert.equal(privileges.json().message, 'plugins are not supported on this platform');
    await fails(['plugin', 'install', '--grant-all-permissions', 'vieux/sshfs'], { code: 1, stderr: /plugins are not supported on this platform/ });
  }
});
