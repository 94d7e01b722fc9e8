// Issue 17: the hub at scale, as scripts/hub-cluster.sh starts it (HAProxy,
// three `quai hub` nodes, PostgreSQL, Ceph's S3 gateway on a memstore OSD).
//
// - Manifest GETs per second through the balancer with 8 parallel clients
//   (wrk, keep-alive, one bearer token), with all three nodes up and then
//   with nodes 2 and 3 stopped (the balancer's checks take them out), so the
//   path is the same and only the number of nodes differs. Target: 3 nodes
//   at least 1.6x one node. Measured twice: as the nodes are, where on this
//   2-core machine wrk, HAProxy and every node share the same two cores
//   (once a node answers from memory, HAProxy and wrk cost as much per
//   request as the node does, so more nodes cannot answer more); and with
//   each node held to a fifth of a CPU (a cgroup quota), as when each node
//   has a small machine of its own, which shows whether anything the nodes
//   share (PostgreSQL, Ceph, the balancer) holds them back.
// - One client's push throughput (POST, one streamed PATCH of the whole
//   blob, PUT; Docker's way) straight to a node on the S3 driver, and to a
//   hub on the same PostgreSQL with the filesystem driver. Target: S3
//   within 20 % of the filesystem.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { median } from '../measure.js';
import { requestsPerSecond } from '../load.js';
import { run, sleep, stopPid } from '../proc.js';

const CLUSTER_DIR = '/tmp/quai-bench-hub-cluster';
const FS_DIR = '/tmp/quai-bench-hub-fs';
const SECONDS = 5;
const CONNECTIONS = 8;
/** The capped measurement: each node gets NODE_CPU of a CPU (CFS quota over a 20 ms period). */
const NODE_CPU = 0.2;
const CPU_CGROUP = '/sys/fs/cgroup/cpu';
const BLOB_MIB = 64;

const digestOf = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function readEnv(file) {
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\w+)='(.*)'$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body ? { 'Content-Length': body.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function token(base, service, scope, user) {
  const res = await request(`${base}/token?service=${service}&scope=${encodeURIComponent(scope)}`, {
    headers: { Authorization: `Basic ${Buffer.from(user.join(':')).toString('base64')}` },
  });
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status} ${res.body}`);
  return JSON.parse(res.body).token;
}

/** Pushes `bytes` as one blob the way Docker does; resolves with seconds taken. */
async function pushBlob(base, repo, auth, bytes) {
  const t = process.hrtime.bigint();
  const start = await request(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: auth });
  if (start.status !== 202) throw new Error(`POST upload: HTTP ${start.status} ${start.body}`);
  const location = start.headers.location;
  const patch = await request(`${base}${location}`, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: bytes });
  if (patch.status !== 202) throw new Error(`PATCH: HTTP ${patch.status} ${patch.body}`);
  const put = await request(`${base}${location}?digest=${digestOf(bytes)}`, { method: 'PUT', headers: auth });
  if (put.status !== 201) throw new Error(`PUT: HTTP ${put.status} ${put.body}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function pushImage(base, repo, auth) {
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  const layer = randomBytes(1024);
  for (const b of [config, layer]) {
    const res = await request(`${base}/v2/${repo}/blobs/uploads/?digest=${digestOf(b)}`, { method: 'POST', headers: auth, body: b });
    if (res.status !== 201) throw new Error(`blob: HTTP ${res.status} ${res.body}`);
  }
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }],
  }));
  const res = await request(`${base}/v2/${repo}/manifests/1`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest });
  if (res.status !== 201) throw new Error(`manifest: HTTP ${res.status} ${res.body}`);
}

/** Holds each process to `share` of a CPU in a cgroup v1 cpu group of its own; resolves with an undo. */
function capCpu(pids, share) {
  const groups = pids.map((pid) => {
    const dir = join(CPU_CGROUP, `quai-bench-node-${pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cpu.cfs_period_us'), '20000');
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(Math.round(20000 * share)));
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    return { pid, dir };
  });
  return () => {
    for (const { pid, dir } of groups) {
      try { writeFileSync(join(CPU_CGROUP, 'cgroup.procs'), String(pid)); } catch { /* gone */ }
      try { rmdirSync(dir); } catch { /* still has a task, or gone */ }
    }
  };
}

const nodePids = () => [1, 2, 3].map((n) => Number(readFileSync(join(CLUSTER_DIR, 'nodes', String(n), 'pid'), 'utf8').trim()));

/** A hub on the cluster's PostgreSQL with the filesystem driver (the push baseline). */
async function startFsHub(repoRoot, env) {
  rmSync(FS_DIR, { recursive: true, force: true });
  mkdirSync(FS_DIR, { recursive: true });
  const logFile = join(FS_DIR, 'hub.log');
  const log = openSync(logFile, 'a');
  // bin/quai itself: its sh line gives the hub its V8 and malloc settings, as on the cluster's nodes.
  const child = spawn(join(repoRoot, 'bin/quai'), ['hub', '--listen', '127.0.0.1:0', '--data-root', join(FS_DIR, 'root'),
    '--database', env.QUAI_CLUSTER_DATABASE], { stdio: ['ignore', log, log] });
  closeSync(log);
  for (let i = 0; i < 300; i++) {
    await sleep(100);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(logFile, 'utf8'))?.[1];
    if (port) return { url: `http://127.0.0.1:${port}`, stop: () => stopPid(child.pid) };
    if (child.exitCode !== null) break;
  }
  throw new Error(`quai hub (filesystem) did not start: ${readFileSync(logFile, 'utf8').slice(-500)}`);
}

export default {
  name: 'hub-cluster',
  title: 'hub at scale: HAProxy, quai hub nodes, PostgreSQL, Ceph S3 (issue 17)',
  targets: 'custom',
  async measureAll({ runs, repoRoot, log }) {
    const cluster = { QUAI_CLUSTER_DIR: CLUSTER_DIR, QUAI_CLUSTER_PORT: '0' };
    const script = join(repoRoot, 'scripts/hub-cluster.sh');
    run('bash', [script, 'down'], { env: { ...process.env, ...cluster } });
    log('scripts/hub-cluster.sh up');
    const t = Date.now();
    run('bash', [script, 'up'], { env: { ...process.env, ...cluster }, timeoutMs: 600_000 });
    const upSeconds = (Date.now() - t) / 1000;
    const env = readEnv(join(CLUSTER_DIR, 'cluster.env'));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
    const nodes = env.QUAI_CLUSTER_NODES.split(' ');
    const service = env.QUAI_CLUSTER_REGISTRY.replace('http://', '');
    const admin = ['admin', readFileSync(join(CLUSTER_DIR, 'admin-password'), 'utf8').trim()];
    let fsHub;
    let uncap;
    try {
      const pushAuth = { Authorization: `Bearer ${await token(env.QUAI_CLUSTER_REGISTRY, service, 'repository:bench/app:pull,push', admin)}` };
      await pushImage(env.QUAI_CLUSTER_REGISTRY, 'bench/app', pushAuth);

      const manifestGets = async (warmSeconds) => {
        const bearer = await token(env.QUAI_CLUSTER_REGISTRY, service, 'repository:bench/app:pull', admin);
        const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/vnd.oci.image.manifest.v1+json' };
        const url = `${env.QUAI_CLUSTER_REGISTRY}/v2/bench/app/manifests/1`;
        await requestsPerSecond(url, { headers, seconds: warmSeconds, connections: CONNECTIONS });
        const rates = [];
        for (let r = 0; r < runs; r++) rates.push(await requestsPerSecond(url, { headers, seconds: SECONDS, connections: CONNECTIONS }));
        return median(rates);
      };
      const canCap = existsSync(join(CPU_CGROUP, 'cgroup.procs'));
      const three = await manifestGets(3);
      log(`3 nodes: ${three.toFixed(0)} manifest GETs/s`);
      uncap = canCap ? capCpu(nodePids(), NODE_CPU) : undefined;
      const threeCapped = uncap ? await manifestGets(5) : NaN;
      if (uncap) log(`3 nodes at ${NODE_CPU} CPU each: ${threeCapped.toFixed(0)} manifest GETs/s`);
      for (const n of [2, 3]) run('bash', [script, 'node', 'stop', String(n)], { env: { ...process.env, ...cluster } });
      await sleep(3000); // the balancer's checks (1 s apart, fall 2) take them out
      const oneCapped = uncap ? await manifestGets(2) : NaN;
      if (uncap) log(`1 node at ${NODE_CPU} CPU: ${oneCapped.toFixed(0)} manifest GETs/s`);
      uncap?.();
      uncap = undefined;
      const one = await manifestGets(2);
      log(`1 node: ${one.toFixed(0)} manifest GETs/s`);
      for (const n of [2, 3]) run('bash', [script, 'node', 'start', String(n)], { env: { ...process.env, ...cluster }, timeoutMs: 120_000 });

      fsHub = await startFsHub(repoRoot, env);
      const throughput = async (base) => {
        const auth = { Authorization: `Bearer ${await token(base, new URL(base).host, 'repository:bench/push:pull,push', admin)}` };
        await pushBlob(base, 'bench/push', auth, randomBytes(4 * 1024 * 1024)); // warm-up
        const rates = [];
        for (let r = 0; r < runs; r++) rates.push(BLOB_MIB / await pushBlob(base, 'bench/push', auth, randomBytes(BLOB_MIB * 1024 * 1024)));
        return median(rates);
      };
      const s3 = await throughput(nodes[0]);
      log(`push on S3: ${s3.toFixed(1)} MiB/s`);
      const fs = await throughput(fsHub.url);
      log(`push on the filesystem: ${fs.toFixed(1)} MiB/s`);

      const values = {
        upSeconds, manifestGets3: three, manifestGets1: one, scaling: three / one,
        manifestGets3Capped: threeCapped, manifestGets1Capped: oneCapped, scalingCapped: threeCapped / oneCapped,
        pushS3: s3, pushFs: fs, pushRatio: s3 / fs,
      };
      const capped = (v, digits = 0) => (canCap ? v.toFixed(digits) : 'n/a (no cgroup v1 cpu controller)');
      const text = [
        '| measure | value | target |',
        '|---|---:|---|',
        `| manifest GETs/s, 3 nodes behind HAProxy (${CONNECTIONS} clients) | ${three.toFixed(0)} | |`,
        `| manifest GETs/s, 1 node behind HAProxy (${CONNECTIONS} clients) | ${one.toFixed(0)} | |`,
        `| 3 nodes / 1 node | ${(three / one).toFixed(2)}x | >= 1.6x |`,
        `| manifest GETs/s, 3 nodes at ${NODE_CPU} CPU each | ${capped(threeCapped)} | |`,
        `| manifest GETs/s, 1 node at ${NODE_CPU} CPU | ${capped(oneCapped)} | |`,
        `| 3 nodes / 1 node, each at ${NODE_CPU} CPU | ${capped(threeCapped / oneCapped, 2)}x | >= 1.6x |`,
        `| push of a ${BLOB_MIB} MiB blob, S3 driver (Ceph radosgw), MiB/s | ${s3.toFixed(1)} | |`,
        `| push of a ${BLOB_MIB} MiB blob, filesystem driver, MiB/s | ${fs.toFixed(1)} | |`,
        `| S3 / filesystem | ${(s3 / fs).toFixed(2)} | >= 0.80 |`,
        `| scripts/hub-cluster.sh up (cold), s | ${upSeconds.toFixed(1)} | |`,
      ].join('\n');
      return {
        text,
        values,
        notes: [
          `medians of ${runs} run(s); GETs: ${SECONDS} s of wrk (or a node loop) per run after a 2-5 s warm-up; pushes: POST, one streamed PATCH, PUT, straight to a node`,
          `"at ${NODE_CPU} CPU": each node in a cgroup with a CFS quota of ${NODE_CPU * 20} ms per 20 ms, as if each had a small machine of its own; wrk, HAProxy, PostgreSQL and Ceph unlimited`,
          'both push hubs use the cluster\'s PostgreSQL; Ceph runs one memstore OSD on this machine',
        ],
      };
    } finally {
      uncap?.();
      await fsHub?.stop();
      rmSync(FS_DIR, { recursive: true, force: true });
      run('bash', [script, 'down'], { env: { ...process.env, ...cluster } });
    }
  },
};
