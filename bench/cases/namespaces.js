// Issue 12: engine namespaces. Creating one (admin API round trip, fresh
// name each time) and removing it empty, the daemon memory an empty
// namespace costs (RSS growth over N of them, divided by N), and
// `docker run --rm busybox true` on the default socket against the same in
// a namespace. quai only: no other engine has namespaces at its API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliMedian, median } from '../measure.js';
import { apiRequest, pidsMentioning, rssBytes, sleep } from '../proc.js';

const DOCKER_CLI = '/usr/local/bin/docker';
const COUNT = 50;

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function admin(socket, method, path, body) {
  const res = await apiRequest(socket, method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  return res.body ? JSON.parse(res.body) : undefined;
}

/** The daemon's own RSS (no container runs while this is measured). */
async function daemonRss(engine) {
  await sleep(1500);
  return pidsMentioning(`${engine.dir}/`).reduce((n, pid) => n + rssBytes(pid), 0);
}

export default {
  name: 'namespaces',
  title: 'engine namespaces (issue 12)',
  targets: 'engines',
  engines: ['quai'],
  rows: () => [
    { label: 'namespace create (ms)', key: 'createMs', digits: 1 },
    { label: 'namespace rm, empty (ms)', key: 'rmMs', digits: 1 },
    { label: `daemon memory per empty namespace (KiB, over ${COUNT})`, key: 'perNamespaceKiB', digits: 0 },
    { label: 'docker run --rm busybox true, default socket (ms)', key: 'runDefaultMs', digits: 0 },
    { label: 'docker run --rm busybox true, in a namespace (ms)', key: 'runNamespaceMs', digits: 0 },
  ],
  notes: [
    'create/rm: POST/DELETE /quai/namespaces on the main socket from a client already running; each create makes a socket, a default bridge and a cgroup parent',
    'memory: RSS growth of the daemon after creating the namespaces, divided by their number (node heap included)',
    'run: the docker CLI 28 for both, --network none',
  ],
  async measure(engine, { runs, outDir, repoRoot }) {
    const createTimes = [];
    const rmTimes = [];
    for (let i = 0; i <= runs; i++) {
      const name = `bench-${i}`;
      const c = await timed(() => admin(engine.socket, 'POST', '/quai/namespaces', { Name: name, Quota: { Memory: 256 * 1024 * 1024, Pids: 200 } }));
      const r = await timed(() => admin(engine.socket, 'DELETE', `/quai/namespaces/${name}`));
      if (i) { createTimes.push(c); rmTimes.push(r); } // the first pass warms up
    }
    const before = await daemonRss(engine);
    for (let i = 0; i < COUNT; i++) await admin(engine.socket, 'POST', '/quai/namespaces', { Name: `idle-${i}` });
    const after = await daemonRss(engine);
    for (let i = 0; i < COUNT; i++) await admin(engine.socket, 'DELETE', `/quai/namespaces/idle-${i}`);

    const ns = await admin(engine.socket, 'POST', '/quai/namespaces', { Name: 'runner' });
    const viaDocker = (host) => ({ ...engine, name: `${engine.name}-docker`, cli: [DOCKER_CLI], env: { ...engine.env, DOCKER_HOST: host } });
    const inNamespace = viaDocker(`unix://${ns.Socket}`);
    const loaded = await apiRequest(ns.Socket, 'POST', '/images/load', readFileSync(join(repoRoot, 'build/images/busybox.tar')));
    if (loaded.status !== 200) throw new Error(`loading busybox into the namespace: HTTP ${loaded.status}`);
    const runArgs = ['run', '--rm', '--network', 'none', 'busybox', 'true'];
    const runDefaultMs = cliMedian(viaDocker(engine.env.DOCKER_HOST), runArgs, runs, outDir, 'ns-default') * 1000;
    const runNamespaceMs = cliMedian(inNamespace, runArgs, runs, outDir, 'ns-inside') * 1000;
    await admin(engine.socket, 'DELETE', '/quai/namespaces/runner');
    return {
      createMs: median(createTimes), rmMs: median(rmTimes),
      perNamespaceKiB: Math.max(0, after - before) / COUNT / 1024,
      runDefaultMs, runNamespaceMs,
    };
  },
};
