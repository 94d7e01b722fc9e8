// A namespace created with "Outbound": false (the playground's instances):
// its containers cannot open connections beyond the host, nor to a service
// the host itself listens on at 0.0.0.0, while those of a namespace with the
// default (Docker's behaviour) can; the embedded DNS still answers. The
// "outside" is a network namespace this test makes, reached through the host
// by a veth pair; the host service is a TCP listener of this test.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiRequest, busyboxArchive, loadImage, socketOf } from '@quai/testkit';
import { docker, isDocker, useDaemon } from './setup.mjs';

const tag = Math.random().toString(16).slice(2, 8);
const outside = `qo-${tag}`;
const hostEnd = `qoh${tag}`;
const subnet = `10.213.${1 + Math.floor(Math.random() * 250)}`;
const server = `${subnet}.2`;

/** A namespace (Outbound false when asked) with busybox loaded; its socket, as its create answered. */
async function makeNamespace(ctx, name, outbound) {
  const res = await apiRequest(socketOf(ctx.daemon.dockerHost), {
    method: 'POST', path: '/quai/namespaces', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Name: name, ...(outbound === false ? { Outbound: false } : {}) }),
  });
  assert.equal(res.status, 201, res.body);
  assert.equal(res.json().Outbound, outbound !== false);
  await loadImage(`unix://${res.json().Socket}`, busyboxArchive());
  return res.json().Socket;
}

describe('namespace outbound', { skip: isDocker && 'quai only: dockerd has no namespaces' }, () => {
  let httpd;
  let www;
  const made = [];
  /** Each namespace's socket, as its create answered. */
  const sockets = new Map();
  after(async () => {
    for (const name of made) await apiRequest(socketOf(ctx.daemon.dockerHost), { method: 'DELETE', path: `/quai/namespaces/${name}` });
  });
  const ctx = useDaemon({ busybox: false });

  before(async () => {
    www = mkdtempSync('/tmp/quai-e2e-outbound-');
    writeFileSync(join(www, 'ok.txt'), 'reached the outside\n');
    const ip = (...args) => execFileSync('ip', args, { stdio: 'pipe' });
    ip('netns', 'add', outside);
    ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', outside);
    ip('addr', 'add', `${subnet}.1/30`, 'dev', hostEnd);
    ip('link', 'set', hostEnd, 'up');
    ip('-n', outside, 'addr', 'add', `${server}/30`, 'dev', 'eth0');
    ip('-n', outside, 'link', 'set', 'eth0', 'up');
    ip('-n', outside, 'link', 'set', 'lo', 'up');
    httpd = spawn('ip', ['netns', 'exec', outside, 'busybox', 'httpd', '-f', '-p', '7000', '-h', www], { stdio: 'ignore' });
    for (const [name, outbound] of [[`open${tag}`, undefined], [`closed${tag}`, false]]) {
      made.push(name);
      sockets.set(name, await makeNamespace(ctx, name, outbound));
    }
  }, { timeout: 120_000 });

  after(() => {
    httpd?.kill();
    try { execFileSync('ip', ['link', 'del', hostEnd], { stdio: 'ignore' }); } catch { /* gone with the netns */ }
    try { execFileSync('ip', ['netns', 'del', outside], { stdio: 'ignore' }); } catch { /* not made */ }
    if (www) rmSync(www, { recursive: true, force: true });
  });

  async function fetchFrom(ns) {
    // --init: wget as PID 1 would ignore timeout's SIGTERM and hang on the dropped SYN.
    return docker(['run', '--rm', '--init', 'busybox', 'timeout', '5', 'wget', '-q', '-O', '-', `http://${server}:7000/ok.txt`], { host: `unix://${sockets.get(ns)}`, timeoutMs: 30_000 });
  }

  test('the default lets containers reach the outside; Outbound false stops them', { timeout: 90_000 }, async () => {
    const open = await fetchFrom(`open${tag}`);
    assert.equal(open.code, 0, open.stderr);
    assert.equal(open.stdout, 'reached the outside\n');
    const closed = await fetchFrom(`closed${tag}`);
    assert.notEqual(closed.code, 0, 'a container of a namespace without outbound reached the outside');
    assert.doesNotMatch(closed.stdout, /reached the outside/);
    const inspect = await apiRequest(socketOf(ctx.daemon.dockerHost), { path: `/quai/namespaces/closed${tag}` });
    assert.equal(inspect.json().Outbound, false);
  });
});

describe('namespace outbound: the host itself', { skip: isDocker && 'quai only: dockerd has no namespaces' }, () => {
  const sockets = new Map();
  let listener;
  let port;
  // Registered before useDaemon's: hooks run in order, and the namespaces go while the daemon still runs.
  after(async () => {
    listener?.close();
    for (const name of sockets.keys()) await apiRequest(socketOf(ctx.daemon.dockerHost), { method: 'DELETE', path: `/quai/namespaces/${name}` });
  });
  const ctx = useDaemon({ busybox: false });
  before(async () => {
    // A host service on every address, as sshd or a database often is.
    listener = createServer((socket) => socket.end('host-service\n'));
    await new Promise((resolve) => listener.listen(0, '0.0.0.0', resolve));
    port = listener.address().port;
    for (const [name, outbound] of [[`hopen${tag}`, undefined], [`hclosed${tag}`, false]]) sockets.set(name, await makeNamespace(ctx, name, outbound));
  }, { timeout: 120_000 });

  const inNs = (ns, args) => docker(args, { host: `unix://${sockets.get(ns)}`, timeoutMs: 30_000 });

  /** What a container of the namespace reads from the host service, through its bridge's gateway. */
  async function hostServiceFrom(ns) {
    const gw = (await inNs(ns, ['network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Gateway}}'])).stdout.trim();
    assert.match(gw, /^\d+\.\d+\.\d+\.\d+$/);
    return inNs(ns, ['run', '--rm', '--init', 'busybox', 'timeout', '5', 'nc', gw, String(port)]);
  }

  test('a container reaches a host service through its gateway by default, not from a namespace without outbound', { timeout: 90_000 }, async () => {
    const open = await hostServiceFrom(`hopen${tag}`);
    assert.equal(open.stdout, 'host-service\n', open.stderr);
    const closed = await hostServiceFrom(`hclosed${tag}`);
    assert.doesNotMatch(closed.stdout, /host-service/, 'a container of a namespace without outbound reached a host service');
  });

  test('without outbound, the embedded DNS at the gateway still answers: containers find each other by name', { timeout: 90_000 }, async () => {
    const ns = `hclosed${tag}`;
    assert.equal((await inNs(ns, ['network', 'create', 'mates'])).code, 0);
    assert.equal((await inNs(ns, ['run', '-d', '--name', 'peer', '--network', 'mates', 'busybox', 'sleep', '60'])).code, 0);
    const lookup = await inNs(ns, ['run', '--rm', '--network', 'mates', 'busybox', 'nslookup', 'peer']);
    assert.equal(lookup.code, 0, lookup.stderr + lookup.stdout);
    assert.match(lookup.stdout, /Address:?\s+\d+\.\d+\.\d+\.\d+/);
    await inNs(ns, ['rm', '-f', 'peer']);
  });

  test('without outbound, no IPv6 network (the firewall that keeps it in is IPv4\'s); with it, as Docker', async () => {
    const refused = await inNs(`hclosed${tag}`, ['network', 'create', '--ipv6', 'six']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /has no outbound traffic: IPv6 networks \(--ipv6\) are not available in it/);
    const made = await inNs(`hopen${tag}`, ['network', 'create', '--ipv6', 'six']);
    assert.equal(made.code, 0, made.stderr);
    await inNs(`hopen${tag}`, ['network', 'rm', 'six']);
  });
});
