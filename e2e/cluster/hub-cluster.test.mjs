// The hub at scale as scripts/hub-cluster.sh starts it (the cluster tier of
// scripts/test.sh): HAProxy in front of three `quai hub` nodes on one
// PostgreSQL and Ceph's S3 gateway. Real clients through the balancer
// (skopeo; the docker CLI through a quai daemon whose mirror is the
// balancer), uploads that move between nodes, a node killed mid-push, and
// two garbage collections at once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { busyboxArchive, dockerCliPath, loadBusybox, repoRoot, requireBinary, requireRoot, sleep, startDaemon, waitFor } from '@quai/testkit';

const env = process.env;
if (!env.QUAI_CLUSTER_REGISTRY || !env.QUAI_CLUSTER_DIR) {
  throw new Error('QUAI_CLUSTER_REGISTRY is not set: run this through scripts/test.sh (TEST_TIERS=cluster), which starts scripts/hub-cluster.sh');
}
const cluster = {
  registry: env.QUAI_CLUSTER_REGISTRY,
  host: env.QUAI_CLUSTER_REGISTRY.replace('http://', ''),
  nodes: env.QUAI_CLUSTER_NODES.split(/\s+/).filter(Boolean),
  dir: env.QUAI_CLUSTER_DIR,
};
const ALICE = ['alice', 'alice-pw'];
const ctx = { daemon: undefined, tmp: '', admin: /** @type {[string, string]} */ (['admin', '']) };
const quai = join(repoRoot, 'bin/quai');

function run(cmd, args, { input, timeout = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: process.env, cwd: repoRoot, maxBuffer: 64 << 20, timeout }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
async function ok(p) {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
const digestOf = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const basic = (user) => `Basic ${Buffer.from(user.join(':')).toString('base64')}`;

async function token(base, scopes, user = ALICE) {
  const u = new URL('/token', base);
  u.searchParams.set('service', cluster.host);
  for (const s of scopes) u.searchParams.append('scope', s);
  const res = await fetch(u, { headers: { Authorization: basic(user) } });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).token;
}

/** Node N's PID from its pidfile (1-based). */
const nodePid = (n) => Number(readFileSync(join(cluster.dir, 'nodes', String(n), 'pid'), 'utf8').trim());

async function restartNode(n) {
  const r = await ok(run('bash', ['scripts/hub-cluster.sh', 'node', 'start', String(n)], { timeout: 90_000 }));
  assert.match(r.stdout, new RegExp(`node: ${cluster.nodes[n - 1]}`));
}

/** Waits until the balancer counts node N as up again (its /readyz probe passes). */
async function readyBehindBalancer(n) {
  assert.ok(await waitFor(async () => (await fetch(`${cluster.nodes[n - 1]}/readyz`).catch(() => undefined))?.status === 200, 30_000), `node ${n} ready`);
  await sleep(2500); // HAProxy's check interval (1 s), rise 1
}

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  requireBinary('skopeo');
  ctx.tmp = mkdtempSync('/tmp/quai-cluster-e2e-');
  ctx.admin = ['admin', readFileSync(join(cluster.dir, 'admin-password'), 'utf8').trim()];
  for (const [name, password] of [ALICE, ['bob', 'bob-pw'], ['carol', 'carol-pw']]) {
    // The registry suite may have made them already (same PostgreSQL).
    const r = await run(process.execPath, [quai, 'hub', 'user', 'add', name, '--password-stdin', '--data-root', join(ctx.tmp, 'admin-root'),
      '--database', env.QUAI_CLUSTER_DATABASE], { input: `${password}\n` });
    assert.ok(r.code === 0 || /exists/.test(r.stderr), r.stderr);
  }
  ctx.daemon = await startDaemon({ args: ['--registry-mirror', cluster.registry] });
  await loadBusybox(ctx.daemon.dockerHost);
}, { timeout: 120_000 });

after(async () => {
  await ctx.daemon?.stop();
  // A node a test stopped comes back, for the tests after this file.
  for (let n = 1; n <= cluster.nodes.length; n++) {
    if ((await fetch(`${cluster.nodes[n - 1]}/healthz`).catch(() => undefined)) === undefined) await restartNode(n).catch(() => {});
  }
  if (ctx.tmp) rmSync(ctx.tmp, { recursive: true, force: true });
}, { timeout: 120_000 });

describe('the hub cluster (scripts/hub-cluster.sh)', () => {
  it('answers liveness and readiness on every node, and names each request in the logs', async () => {
    for (const [i, node] of cluster.nodes.entries()) {
      const health = await fetch(`${node}/healthz`);
      assert.equal(health.status, 200);
      const ready = await fetch(`${node}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { ready: true, node: `node-${i + 1}` });
    }
    const res = await fetch(`${cluster.registry}/v2/`);
    assert.equal(res.status, 401);
    const id = res.headers.get('x-request-id');
    assert.match(id ?? '', /^[A-Za-z0-9._:-]{8,}$/, 'the balancer gave the request an id, the node answered it');
    const logged = await waitFor(() => cluster.nodes.some((_, n) => readFileSync(join(cluster.dir, 'nodes', String(n + 1), 'node.log'), 'utf8')
      .includes(`req=${id} GET /v2/ 401`)), 5000);
    assert.ok(logged, `req=${id} in a node's log`);
  });

  it('skopeo copies in (Docker and OCI manifests) and out through the balancer', async () => {
    const creds = ['--dest-tls-verify=false', '--dest-creds', ALICE.join(':')];
    await ok(run('skopeo', ['copy', ...creds, `docker-archive:${busyboxArchive()}`, `docker://${cluster.host}/alice/cl-sk:docker`]));
    await ok(run('skopeo', ['copy', ...creds, '--format', 'oci', `docker-archive:${busyboxArchive()}`, `docker://${cluster.host}/alice/cl-sk:oci`]));
    const tags = JSON.parse((await ok(run('skopeo', ['list-tags', '--tls-verify=false', '--creds', ALICE.join(':'), `docker://${cluster.host}/alice/cl-sk`]))).stdout);
    assert.deepEqual(tags.Tags.sort(), ['docker', 'oci']);
    const out = join(ctx.tmp, 'oci-out');
    await ok(run('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', ALICE.join(':'), `docker://${cluster.host}/alice/cl-sk:oci`, `oci:${out}:x`]));
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.equal(index.manifests.length, 1);
  });

  it('docker login, push, rmi, pull and run through the balancer; docker.io names through it as mirror', async () => {
    const docker = (args, opts) => ctx.daemon.docker(args, opts);
    assert.match((await ok(docker(['login', cluster.host, '-u', 'alice', '--password-stdin'], { input: 'alice-pw\n' }))).stdout, /Login Succeeded/);
    await ok(docker(['tag', 'busybox', `${cluster.host}/alice/cl-bb:1`]));
    assert.match((await ok(docker(['push', `${cluster.host}/alice/cl-bb:1`]))).stdout, /1: digest: sha256:[a-f0-9]{64} size: \d+/);
    await ok(docker(['rmi', `${cluster.host}/alice/cl-bb:1`]));
    assert.match((await ok(docker(['pull', `${cluster.host}/alice/cl-bb:1`]))).stdout, /Downloaded newer image/);
    const out = await ok(docker(['run', '--rm', `${cluster.host}/alice/cl-bb:1`, 'echo', 'hello from the cluster']));
    assert.equal(out.stdout.trim(), 'hello from the cluster');
    await ok(run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', ctx.admin.join(':'), `docker-archive:${busyboxArchive()}`, `docker://${cluster.host}/library/busybox:cluster`]));
    assert.match((await ok(docker(['pull', 'busybox:cluster']))).stdout, /docker\.io\/library\/busybox:cluster/);
  });

  it('carries a chunked upload started on node 1 on to node 2 (multipart on S3), status from node 3', async () => {
    const auth = { Authorization: `Bearer ${await token(cluster.registry, ['repository:alice/cl-chunks:pull,push'])}` };
    const data = randomBytes(9 * 1024 * 1024 + 123); // more than one 8 MiB part
    const [n1, n2, n3] = cluster.nodes;
    const start = await fetch(`${n1}/v2/alice/cl-chunks/blobs/uploads/`, { method: 'POST', headers: auth });
    assert.equal(start.status, 202);
    const location = start.headers.get('location');
    const first = await fetch(`${n1}${location}`, { method: 'PATCH', body: data.subarray(0, 6_000_000), headers: { ...auth, 'Content-Range': '0-5999999' } });
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('range'), '0-5999999');
    const status = await fetch(`${n3}${location}`, { headers: auth });
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-5999999');
    const second = await fetch(`${n2}${location}`, { method: 'PATCH', body: data.subarray(6_000_000, 9_000_000), headers: { ...auth, 'Content-Range': '6000000-8999999' } });
    assert.equal(second.status, 202);
    const digest = digestOf(data);
    const done = await fetch(`${n2}${location}?digest=${digest}`, { method: 'PUT', body: data.subarray(9_000_000), headers: auth });
    assert.equal(done.status, 201, await done.text());
    const blob = await fetch(`${cluster.registry}/v2/alice/cl-chunks/blobs/${digest}`, { headers: auth });
    assert.equal(blob.status, 200);
    assert.ok(Buffer.from(await blob.arrayBuffer()).equals(data), 'the blob reads back whole through the balancer');
    const range = await fetch(`${n3}/v2/alice/cl-chunks/blobs/${digest}`, { headers: { ...auth, Range: 'bytes=8388600-8388615' } });
    assert.equal(range.status, 206);
    assert.ok(Buffer.from(await range.arrayBuffer()).equals(data.subarray(8388600, 8388616)));
  });

  it('loses nothing acknowledged when a node is killed (-9) mid-push; the retry on another node succeeds', async () => {
    const auth = { Authorization: `Bearer ${await token(cluster.registry, ['repository:alice/cl-kill:pull,push'])}` };
    const data = randomBytes(3 * 1024 * 1024);
    const [n1, n2, n3] = cluster.nodes;
    const start = await fetch(`${n3}/v2/alice/cl-kill/blobs/uploads/`, { method: 'POST', headers: auth });
    const location = start.headers.get('location');
    const acked = await fetch(`${n3}${location}`, { method: 'PATCH', body: data.subarray(0, 1_000_000), headers: { ...auth, 'Content-Range': '0-999999' } });
    assert.equal(acked.status, 202, 'the first chunk is acknowledged');
    // The second chunk is half sent when node 3 dies.
    const url = new URL(`${n3}${location}`);
    const failed = new Promise((resolve) => {
      const req = http.request(url, { method: 'PATCH', headers: { ...auth, 'Content-Range': '1000000-2999999', 'Content-Length': '2000000' } });
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (err) => resolve(err.code));
      req.write(data.subarray(1_000_000, 1_700_000));
    });
    await sleep(300);
    process.kill(nodePid(3), 'SIGKILL');
    assert.match(await failed, /ECONNRESET|EPIPE|socket hang up/);
    // PostgreSQL drops the dead node's lock on the upload with its connection.
    let retry;
    for (let i = 0; i < 50; i++) {
      const status = await fetch(`${n1}${location}`, { headers: auth });
      assert.equal(status.headers.get('range'), '0-999999', 'the acknowledged bytes, and only those');
      retry = await fetch(`${n1}${location}`, { method: 'PATCH', body: data.subarray(1_000_000), headers: { ...auth, 'Content-Range': '1000000-2999999' } });
      if (retry.status === 202) break;
      await sleep(200);
    }
    assert.equal(retry.status, 202, await retry.text());
    const digest = digestOf(data);
    assert.equal((await fetch(`${n2}${location}?digest=${digest}`, { method: 'PUT', headers: auth })).status, 201);
    const blob = await fetch(`${cluster.registry}/v2/alice/cl-kill/blobs/${digest}`, { headers: auth });
    assert.ok(Buffer.from(await blob.arrayBuffer()).equals(data));
    // A client pushing through the balancer while node 3 is down still gets through.
    await ok(run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', ALICE.join(':'), `docker-archive:${busyboxArchive()}`, `docker://${cluster.host}/alice/cl-kill:after`]));
    await restartNode(3);
    await readyBehindBalancer(3);
  });

  it('counts failed logins across the nodes: guesses spread over them lock the account on all', async () => {
    const tokenAt = (node, password) => fetch(`${node}/token?service=${cluster.host}`, { headers: { Authorization: basic(['carol', password]) } });
    assert.equal((await tokenAt(cluster.nodes[0], 'carol-pw')).status, 200);
    for (let i = 0; i < 10; i++) assert.equal((await tokenAt(cluster.nodes[i % cluster.nodes.length], `guess-${i}`)).status, 401);
    for (const node of cluster.nodes) {
      const res = await tokenAt(node, 'carol-pw');
      assert.equal(res.status, 429, `${node}: locked although each node saw only a few failures`);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    }
  });

  it('two garbage collections at once delete each unreferenced blob once and no referenced blob', async () => {
    const auth = { Authorization: `Bearer ${await token(cluster.registry, ['repository:alice/cl-gc:pull,push'])}` };
    await ok(run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', ALICE.join(':'), `docker-archive:${busyboxArchive()}`, `docker://${cluster.host}/alice/cl-gc:keep`]));
    const manifest = JSON.parse((await ok(run('skopeo', ['inspect', '--raw', '--tls-verify=false', '--creds', ALICE.join(':'), `docker://${cluster.host}/alice/cl-gc:keep`]))).stdout);
    const referenced = [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
    const garbage = [];
    for (let i = 0; i < 6; i++) {
      const bytes = randomBytes(1000 + i);
      const digest = digestOf(bytes);
      const res = await fetch(`${cluster.registry}/v2/alice/cl-gc/blobs/uploads/?digest=${digest}`, { method: 'POST', body: bytes, headers: auth });
      assert.equal(res.status, 201);
      garbage.push(digest);
    }
    const gc = (n) => run(process.execPath, [quai, 'hub', 'gc', '--grace', '0', '--data-root', join(ctx.tmp, `gc-${n}`),
      '--database', env.QUAI_CLUSTER_DATABASE, '--storage', env.QUAI_CLUSTER_S3]);
    const runs = await Promise.all([ok(gc(1)), ok(gc(2))]);
    const deleted = runs.flatMap((r) => [...r.stdout.matchAll(/^deleted (sha256:[a-f0-9]{64})$/gm)].map((m) => m[1]));
    assert.equal(new Set(deleted).size, deleted.length, `no blob deleted twice: ${deleted.join(' ')}`);
    for (const d of garbage) assert.ok(deleted.includes(d), `${d} collected`);
    for (const d of referenced) assert.ok(!deleted.includes(d), `${d} is referenced and stays`);
    for (const d of garbage) assert.equal((await fetch(`${cluster.registry}/v2/alice/cl-gc/blobs/${d}`, { method: 'HEAD', headers: auth })).status, 404);
    const out = join(ctx.tmp, 'gc-out');
    await ok(run('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', ALICE.join(':'), `docker://${cluster.host}/alice/cl-gc:keep`, `oci:${out}:x`]));
  });
});
