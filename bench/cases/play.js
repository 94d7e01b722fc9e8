// Issue 13: the playground. A real `quai play` in front of the bench
// engine: "Add new instance" until its prompt is on the terminal, from the
// warm pool and cold; the memory an idle instance costs; a keystroke's
// round trip through the terminal WebSocket (input frame → exec's TTY →
// echo back as a binary frame). quai only.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { median } from '../measure.js';
import { apiRequest, pidsMentioning, sleep, stopPid, sumRss } from '../proc.js';

const DOCKER_CLI = '/usr/local/bin/docker';
const IDLE = 5;

async function startPlay(engine, repoRoot, log) {
  const args = [join(repoRoot, 'bin/quai'), 'play', '--listen', '127.0.0.1:0', '--engine', `unix://${engine.socket}`,
    '--data-root', join(engine.dir, 'play'), '--warm-pool', '1', '--max-instances', String(IDLE + 1)];
  if (!existsSync(join(repoRoot, 'build/images/play-shell.tar'))) {
    // Until play-shell is built: Debian shells with the docker CLI bound in.
    const ns = await apiRequest(engine.socket, 'POST', '/quai/namespaces', JSON.stringify({ Name: 'play' }), 'application/json');
    const socket = JSON.parse(ns.body).Socket ?? join(engine.dir, 'run/namespaces/play/docker.sock');
    await apiRequest(socket, 'POST', '/images/load', readFileSync(join(repoRoot, 'build/images/debian.tar')));
    args.push('--shell-image', 'debian:12', '--shell-cli', DOCKER_CLI);
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (c) => {
      text += c;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(text);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`quai play exited ${code}: ${text}`)));
  });
  log(`quai play at ${url}`);
  return { child, url };
}

async function api(url, method, path, token) {
  const res = await fetch(`${url}${path}`, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${body}`);
  return body ? JSON.parse(body) : undefined;
}

/** Opens the terminal; resolves once its prompt (`# ` or `$ `) is on screen. */
function terminal(url, session, name) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sessions/${session.id}/instances/${name}/terminal?t=${session.token}`);
  let text = '';
  const listeners = new Set();
  ws.on('message', (d, binary) => {
    if (!binary) return;
    text += d.toString();
    for (const l of listeners) l(text);
  });
  const until = (re) => new Promise((resolve) => {
    if (re.test(text)) return resolve();
    const l = (t) => { if (re.test(t)) { listeners.delete(l); resolve(); } };
    listeners.add(l);
  });
  /** Resolves when `ch` appears in what arrives after the first `seen` characters. */
  const echoed = (seen, ch) => new Promise((resolve) => {
    const l = (t) => { if (t.indexOf(ch, seen) >= 0) { listeners.delete(l); resolve(); } };
    listeners.add(l);
  });
  return { ws, until, echoed, get text() { return text; }, opened: new Promise((r) => ws.once('open', r)) };
}

/** POST an instance, open its terminal, wait for the prompt: what a learner waits for. */
async function instanceReady(url, session) {
  const t = performance.now();
  const inst = await api(url, 'POST', `/api/sessions/${session.id}/instances`, session.token);
  const term = terminal(url, session, inst.name);
  await term.until(/[#$] $/);
  const ms = performance.now() - t;
  term.ws.close();
  return ms;
}

/** Median round trip of 50 keystrokes typed into node1's terminal (the line is erased after). */
async function keystrokes(url, session) {
  const term = terminal(url, session, 'node1');
  await term.opened;
  await term.until(/[#$] $/);
  const echo = [];
  for (let i = 0; i < 50; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const seen = term.text.length;
    const t = performance.now();
    term.ws.send(JSON.stringify({ type: 'input', data: ch }));
    await term.echoed(seen, ch);
    echo.push(performance.now() - t);
  }
  term.ws.send(JSON.stringify({ type: 'input', data: '\u0015' }));
  term.ws.close();
  return median(echo);
}

export default {
  name: 'play',
  title: 'playground (issue 13)',
  targets: 'engines',
  engines: ['quai'],
  rows: () => [
    { label: 'Add new instance → prompt, warm pool (ms)', key: 'warmMs', digits: 0 },
    { label: 'Add new instance → prompt, cold (ms)', key: 'coldMs', digits: 0 },
    { label: `memory per idle instance (MiB, over ${IDLE})`, key: 'idleMiB', digits: 1 },
    { label: 'keystroke echo round trip over the WebSocket (ms)', key: 'echoMs', digits: 2 },
    { label: 'the same with 5 sessions × 3 instances open (ms)', key: 'echoLoadedMs', digits: 2 },
  ],
  notes: [
    'warm: node1 taken from the pool (namespace, shell and prompt made in advance); cold: node2, made on demand (namespace + shell container + exec of a login shell)',
    'memory: growth of every process of the engine and the playground (RSS) plus the shells\' cgroup memory, with 5 idle instances, per instance',
    'echo: one character sent as an input frame until it comes back as output, 50 keystrokes, median; loaded: while 5 sessions of 3 instances each are open, their terminals connected',
  ],
  async measure(engine, { runs, repoRoot, log }) {
    const play = await startPlay(engine, repoRoot, log);
    try {
      const warm = [];
      const cold = [];
      for (let i = 0; i <= runs; i++) {
        await sleep(1500); // the pool refills node1
        const session = await api(play.url, 'POST', '/api/sessions');
        const w = await instanceReady(play.url, session);
        const c = await instanceReady(play.url, session);
        if (i) { warm.push(w); cold.push(c); } // the first pass warms up
        await api(play.url, 'DELETE', `/api/sessions/${session.id}`, session.token);
      }

      await sleep(2000);
      const pids = () => pidsMentioning(`${engine.dir}/`);
      const before = sumRss(pids());
      const session = await api(play.url, 'POST', '/api/sessions');
      for (let i = 0; i < IDLE; i++) await instanceReady(play.url, session);
      await sleep(3000);
      const shells = (await api(play.url, 'GET', `/api/sessions/${session.id}`, session.token)).instances;
      const after = sumRss(pids()) + shells.reduce((n, s) => n + s.memoryBytes, 0);
      const idleMiB = Math.max(0, after - before) / IDLE / 1024 / 1024;

      const echoMs = await keystrokes(play.url, session);
      await api(play.url, 'DELETE', `/api/sessions/${session.id}`, session.token);

      // The load: 5 sessions × 3 instances at once, every terminal connected.
      const loaded = [];
      const viewers = [];
      for (let i = 0; i < 5; i++) {
        const s = await api(play.url, 'POST', '/api/sessions');
        for (let n = 0; n < 3; n++) await api(play.url, 'POST', `/api/sessions/${s.id}/instances`, s.token);
        for (let n = 1; n <= 3; n++) viewers.push(terminal(play.url, s, `node${n}`));
        loaded.push(s);
      }
      await sleep(2000);
      const echoLoadedMs = await keystrokes(play.url, loaded[0]);
      for (const v of viewers) v.ws.close();
      for (const s of loaded) await api(play.url, 'DELETE', `/api/sessions/${s.id}`, s.token);
      return { warmMs: median(warm), coldMs: median(cold), idleMiB, echoMs, echoLoadedMs };
    } finally {
      await stopPid(play.child.pid, 30_000);
    }
  },
};
