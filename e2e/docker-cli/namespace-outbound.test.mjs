// A namespace created with "Outbound": false (the playground's instances):
// its containers cannot open connections beyond the host, while those of a
// namespace with the default (Docker's behaviour) can. The "outside" is a
// network namespace this test makes, reached through the host by a veth pair.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
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
      const res = await apiRequest(socketOf(ctx.daemon.dockerHost), {
        method: 'POST', path: '/quai/namespaces', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Name: name, ...(outbound === false ? { Outbound: false } : {}) }),
      });
      assert.equal(res.status, 201, res.body);
      made.push(name);
      sockets.set(name, res.json().Socket);
      assert.equal(res.json().Outbound, outbound !== false);
      await loadImage(`unix://${res.json().Socket}`, busyboxArchive());
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
