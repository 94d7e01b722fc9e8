// Every Engine API route, hit with generated wrong types, hostile values,
// broken JSON and truncated bodies, against a private daemon on its unix
// socket. Afterwards: no 5xx (beyond the routes whose answer is a 5xx by
// design), the same daemon process still answering, no marker file outside
// the data root touched, and `docker ps` (and the other lists) working.
//
// QUAI_FUZZ_SEED=n replays a run (=random for new inputs); QUAI_FUZZ_REQUESTS=n
// changes its length; QUAI_FUZZ_TRACE=1 prints every request and answer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { apiRequest, ping } from '@quai/testkit';
import { Router } from '@quai/daemon/router';
import { registerRoutes } from '@quai/daemon/routes/index';
import { registerNamespaceRoutes } from '@quai/daemon/routes/namespaces/index';
import { breakOne, hostileStrings, hostileTar, random, validFor, wrongValue } from './api-fuzz-values.mjs';
import { isDocker, ok, useDaemon } from './setup.mjs';

const REQUESTS = Number(process.env.QUAI_FUZZ_REQUESTS ?? 1200);
// A fixed seed in the suite (the same inputs every run); QUAI_FUZZ_SEED=random explores new ones.
const SEED = process.env.QUAI_FUZZ_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.QUAI_FUZZ_SEED ?? 1);
const PARALLEL = 4;

// Its own subnets, far from other daemons', and a registry mirror on a closed
// loopback port (2: nothing listens there, and fetch does not refuse it).
const MIRROR = '127.0.0.1:2';
const ctx = useDaemon({ args: ['--registry-mirror', `http://${MIRROR}`, '--bip', '10.213.0.1/24', '--default-address-pool', 'base=10.214.0.0/16,size=24'] });

const markersRoot = mkdtempSync('/tmp/quai-test-fuzz-markers-');
const markers = { dir: join(markersRoot, 'host'), file: join(markersRoot, 'host', 'secret.txt') };
let fixtures;

/** Every file under the marker dir and beside the data root: name → content hash, mode, mtime. */
function snapshot() {
  const out = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      out[path] = st.isDirectory() ? `dir ${st.mode}` : `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${st.mode} ${st.mtimeMs}`;
      if (st.isDirectory()) walk(path);
    }
  };
  walk(markersRoot);
  for (const name of readdirSync(ctx.daemon.dir)) {
    const path = join(ctx.daemon.dir, name);
    if (!['root', 'run', 'daemon.log', 'cli-config'].includes(name) && !statSync(path).isDirectory()) out[path] = statSync(path).mode;
    else out[path] = 'present';
  }
  return out;
}

/** Marker files on the host, and things for the {id} and {name} routes to find. */
async function prepare() {
  mkdirSync(markers.dir, { recursive: true });
  writeFileSync(markers.file, 'host secret\n', { mode: 0o600 });
  mkdirSync(join(markers.dir, 'sub'));
  writeFileSync(join(markers.dir, 'sub', 'keep'), 'keep\n');
  writeFileSync(join(ctx.daemon.dir, 'marker.txt'), 'beside the data root\n');
  await ok(['run', '-d', '--name', 'fz-run', 'busybox', 'sleep', '3600']);
  await ok(['create', '--name', 'fz-stopped', 'busybox', 'true']);
  await ok(['network', 'create', 'fz-net']);
  await ok(['volume', 'create', 'fz-vol']);
  await ok(['tag', 'busybox', `${MIRROR}/fuzz/img:1`]);
  const exec = await apiRequest(ctx.daemon.socket, { method: 'POST', path: '/containers/fz-run/exec', body: JSON.stringify({ Cmd: ['true'] }) });
  fixtures = { container: 'fz-run', stopped: 'fz-stopped', network: 'fz-net', volume: 'fz-vol', image: `${MIRROR}/fuzz/img:1`, exec: exec.json().Id };
}

after(async () => {
  // Namespaces and networks are host bridges and firewall rules: remove every one the run made.
  const namespaces = await apiRequest(ctx.daemon.socket, { path: '/quai/namespaces' }).catch(() => undefined);
  for (const ns of namespaces?.status === 200 ? namespaces.json() : []) {
    if (ns.Name !== 'default') await apiRequest(ctx.daemon.socket, { method: 'DELETE', path: `/quai/namespaces/${encodeURIComponent(ns.Name)}` }).catch(() => {});
  }
  const res = await apiRequest(ctx.daemon.socket, { path: '/networks' }).catch(() => undefined);
  for (const n of res?.status === 200 ? res.json() : []) {
    if (['bridge', 'host', 'none'].includes(n.Name)) continue;
    await apiRequest(ctx.daemon.socket, { path: '/containers/json?all=1' }).then(async (r) => {
      for (const c of r.json()) await apiRequest(ctx.daemon.socket, { method: 'DELETE', path: `/containers/${c.Id}?force=1` });
    }).catch(() => {});
    await apiRequest(ctx.daemon.socket, { method: 'DELETE', path: `/networks/${n.Id}` }).catch(() => {});
  }
  rmSync(markersRoot, { recursive: true, force: true });
}, { timeout: 120_000 });

/** Routes whose every answer is a 5xx, as dockerd's (no swarm: 503; no plugin store: 500). */
function fiveHundredByDesign(route) {
  return /^\/(swarm|services|nodes|tasks|secrets|configs)\b/.test(route.path) || ['/plugins/pull', '/plugins/create', '/plugins/privileges'].includes(route.path);
}

/**
 * Values that name a registry (an image reference's first part, a login's
 * server address) must not send anything off the machine: anything that
 * could be read as a host other than the closed mirror becomes the mirror.
 */
function registrySafe(value) {
  // As the daemon splits them: the part before the first '/' names a host if it has a '.' or ':' or is localhost.
  const first = String(value).split('/')[0];
  const host = String(value).includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return !host || first === MIRROR ? value : `${MIRROR}/x`;
}
const REGISTRY_PARAMS = { '/images/search': 'term', '/images/create': 'fromImage' };

/** A registry route whose registry (the closed mirror) cannot be reached: a 5xx about it is the upstream's failure. */
function upstreamFailure(route, res) {
  return /^\/(auth|images\/search|images\/create|images\/\{name\*\}\/push)$/.test(route.path) && res.body.includes(MIRROR);
}

/** Routes that stream until the client leaves (or hijack the connection): a short timeout ends them. */
function streams(route) {
  return /\/(attach|logs|stats|wait|events)\b|\/exec\/\{id\}\/start|attach\/ws/.test(route.path);
}

function pathFor(route, rnd, strings) {
  return route.path.replace(/\{(\w+)\*?\}/g, (_m, name) => {
    const known = name === 'id' && route.path.startsWith('/exec/') ? fixtures.exec
      : name === 'id' && route.path.startsWith('/networks/') ? fixtures.network
        : name === 'name' && route.path.startsWith('/volumes/') ? fixtures.volume
          : name === 'name' ? fixtures.image
            : rnd.chance(0.5) ? fixtures.container : fixtures.stopped;
    let value = rnd.chance(0.5) ? known : rnd.pick(strings.filter((s) => s.length < 1000));
    if (route.path.endsWith('/push')) value = registrySafe(value);
    try {
      return encodeURIComponent(value) || 'x';
    } catch {
      return '%ED%A0%80'; // a lone surrogate: bytes that are not UTF-8
    }
  });
}

function queryFor(route, rnd, strings) {
  const params = new URLSearchParams();
  for (const [name, kind] of Object.entries(route.spec.query)) {
    if (!rnd.chance(0.5)) continue;
    const value = kind === 'filters' && rnd.chance(0.5) ? JSON.stringify({ [rnd.pick(['name', 'label', 'dangling', 'id', 'nope'])]: rnd.chance(0.5) ? [rnd.pick(strings)] : wrongValue(rnd, strings) })
      : kind?.json && rnd.chance(0.5) ? JSON.stringify(wrongValue(rnd, strings))
        : rnd.pick(strings.filter((s) => s.length < 2000));
    params.append(name, REGISTRY_PARAMS[route.path] === name ? registrySafe(value) : value);
  }
  // Streams end at once when asked to.
  if (streams(route)) for (const [k, v] of [['stream', '0'], ['follow', '0'], ['condition', 'next-exit']]) if (rnd.chance(0.7)) params.set(k, v);
  if (rnd.chance(0.1)) params.append(rnd.pick(strings.filter((s) => s.length < 100)) || 'x', rnd.pick(strings.filter((s) => s.length < 100)));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function bodyFor(route, rnd, strings) {
  const made = await anyBodyFor(route, rnd, strings);
  // A login goes to its server address: only ever the closed mirror.
  if (route.path === '/auth' && typeof made.body === 'string') {
    made.body = made.body.replace(/"serveraddress"\s*:\s*"(?:[^"\\]|\\.)*"/gi, `"serveraddress":"${rnd.pick([MIRROR, `http://${MIRROR}`, ''])}"`);
    if (!/serveraddress/i.test(made.body)) made.body = made.body.replace(/^\{/, `{"serveraddress":"${MIRROR}",`);
  }
  return made;
}

async function anyBodyFor(route, rnd, strings) {
  if (route.spec.body) {
    const shape = rnd.int(10);
    const text = () => JSON.stringify(breakOne(validFor(route.spec.body, rnd, strings), rnd, strings));
    if (shape === 0) return { body: text().slice(0, rnd.int(200)) }; // truncated JSON
    if (shape === 1) return { body: rnd.pick(['{', '}', '{"a" 1}', '[1 2]', 'nul', '{"Image": "busybox",', '\u0000', '{}{}', '{"a":"\\q"}']) };
    if (shape === 2) return { body: '['.repeat(100_000) };
    if (shape === 3) return { body: text(), headers: { 'Content-Type': rnd.pick(['text/plain', 'application/x-tar', ';;;']) } };
    if (shape === 4 && rnd.chance(0.2)) return { body: JSON.stringify({ Labels: { big: 'x'.repeat(5 * 1024 * 1024) } }) };
    if (shape >= 8) {
      // Right types, hostile values: these reach the engine.
      const body = validFor(route.spec.body, rnd, strings);
      if (route.path === '/containers/create' && rnd.chance(0.7)) Object.assign(body, { Image: 'busybox', Cmd: ['true'] });
      return { body: JSON.stringify(body) };
    }
    return { body: text() };
  }
  if (route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE') return {};
  const headers = { 'Content-Type': 'application/x-tar' };
  switch (rnd.int(4)) {
    case 0: return { body: Buffer.alloc(0), headers };
    case 1: return { body: Buffer.from(Array.from({ length: rnd.int(3000) }, () => rnd.int(256))), headers };
    case 2: return { body: JSON.stringify(wrongValue(rnd, strings)) };
    default: return { body: await hostileTar(rnd, markers, strings), headers };
  }
}

/** One request with a deadline for the whole exchange (streams send data and never go idle). */
function send(req, deadlineMs) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined) {
      headers['Content-Length'] = Buffer.byteLength(req.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const r = request({ socketPath: ctx.daemon.socket, method: req.method, path: req.path, headers }, (res) => {
      const chunks = [];
      const done = () => { clearTimeout(timer); resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }); };
      res.on('data', (c) => chunks.push(c));
      // A 200 stream (export, logs) cut short because another request removed its container meanwhile: answered, then ended.
      res.on('error', done);
      res.on('end', done);
    });
    const timer = setTimeout(() => r.destroy(new Error('timed out')), deadlineMs);
    r.on('error', (err) => { clearTimeout(timer); reject(err); });
    r.end(req.body);
  });
}

/** A request whose Content-Length promises more than is sent; the client then goes away. */
function lyingRequest(path) {
  return new Promise((resolve) => {
    const s = connect(ctx.daemon.socket, () => {
      s.end(`POST ${path} HTTP/1.1\r\nHost: quai\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Image":"bu`);
    });
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.setTimeout(2000, () => s.destroy());
  });
}

test(`every route, ${REQUESTS} generated requests: no 5xx, the daemon alive, no host file touched, docker ps working`, { skip: isDocker && 'quai\'s own route table', timeout: 240_000 }, async () => {
  await prepare();
  // The Docker API and quai's admin API, both on the main socket.
  const routes = [...registerRoutes(new Router()).list(), ...registerNamespaceRoutes(new Router()).list()];
  const rnd = random(SEED);
  const strings = hostileStrings(markers, MIRROR);
  const before = snapshot();
  const pid = ctx.daemon.pid;
  const failures = [];
  const statuses = new Map();
  let sent = 0;
  let timedOut = 0;
  const covered = new Set();

  async function one(i) {
    // Each route at least once, in order, then at random.
    const route = i < routes.length ? routes[i] : rnd.pick(routes);
    covered.add(`${route.method} ${route.path}`);
    const path = pathFor(route, rnd, strings) + queryFor(route, rnd, strings);
    const { body, headers } = await bodyFor(route, rnd, strings);
    const method = rnd.chance(0.03) ? rnd.pick(['PATCH', 'OPTIONS', 'PUT']) : route.method;
    const prefix = rnd.pick(['', '', '/v1.47', '/v1.24', '/v1.41']);
    sent++;
    let res;
    const t0 = Date.now();
    if (process.env.QUAI_FUZZ_TRACE) console.log(`> ${method} ${prefix}${path.slice(0, 200)}`);
    try {
      res = await send({ method, path: prefix + path, body, headers }, streams(route) ? 1500 : 20_000);
    } catch (err) {
      if (streams(route) || /timed out/.test(err.message)) { timedOut++; return; }
      // A body over the daemon's limit is answered 413 and the connection closed while the client still writes, as dockerd does.
      if (body && Buffer.byteLength(body) > 4 * 1024 * 1024 && /EPIPE|ECONNRESET/.test(err.message)) return;
      failures.push(`${method} ${prefix}${path.slice(0, 300)}: ${err.message}`);
      return;
    }
    if (process.env.QUAI_FUZZ_TRACE) console.log(`< ${res.status} ${Date.now() - t0} ms ${method} ${prefix}${path.slice(0, 120)} ${res.body.slice(0, 150)}`);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500 && !fiveHundredByDesign(route) && !upstreamFailure(route, res)) failures.push(`${method} ${prefix}${path.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`);
  }

  const started = Date.now();
  for (let i = 0; i < REQUESTS; i += PARALLEL) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, REQUESTS - i) }, (_, k) => one(i + k)));
    if (i % 200 === 0) {
      await lyingRequest('/containers/create');
      assert.ok(await ping(ctx.daemon.socket), `the daemon stopped answering after ${sent} requests (seed ${SEED})`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: seed ${SEED}, ${sent} requests over ${covered.size}/${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${timedOut} streams cut`);

  assert.deepEqual(failures, [], `seed ${SEED}: ${failures.length} request(s) got a 5xx or no answer`);
  assert.equal(covered.size, routes.length);
  assert.ok(sent >= 1000 || REQUESTS < 1000);
  assert.ok(await ping(ctx.daemon.socket), 'the daemon no longer answers');
  assert.equal(ctx.daemon.pid, pid);
  const crashes = readFileSync(ctx.daemon.logFile, 'utf8').split('\n').filter((l) => /uncaught exception|unhandled rejection/.test(l));
  assert.deepEqual(crashes, [], 'the daemon logged failures nobody handled');
  assert.ok(ctx.daemon.running, 'the daemon process exited');
  assert.deepEqual(snapshot(), before, `seed ${SEED}: a file outside the data root changed`);
  for (const list of [['ps', '-a'], ['images'], ['network', 'ls'], ['volume', 'ls'], ['system', 'df']]) await ok(list);
});
