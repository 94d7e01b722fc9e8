// Shared by the playground's API tests: a private daemon, a real `quai play`
// in front of it, and small clients for its JSON API and terminal WebSocket.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { apiRequest, busyboxArchive, dockerCliPath, loadImage, requireBinary, requireRoot, startDaemon, startPlay } from '@quai/testkit';

/** Registers before/after hooks; `ctx.daemon` and `ctx.play` are set once `before` ran. `args` may be a function (called then). */
export function usePlayground({ args = [] } = {}) {
  const ctx = { daemon: undefined, play: undefined };
  before(async () => {
    requireRoot();
    requireBinary(dockerCliPath);
    ctx.daemon = await startDaemon();
    ctx.play = await startPlay(ctx.daemon, { args: typeof args === 'function' ? args() : args });
  }, { timeout: 120_000 });
  after(async () => {
    await ctx.play?.stop();
    await ctx.daemon?.stop();
  }, { timeout: 120_000 });
  return ctx;
}

/** One request to the playground; `json` parsed when the answer is JSON. */
export async function call(ctx, method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${ctx.play.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !Buffer.isBuffer(body) ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  const text = buffer.toString('utf8');
  let json;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, buffer, json };
}

/** POST /api/sessions, asserting 201. */
export async function newSession(ctx, body = {}) {
  const r = await call(ctx, 'POST', '/api/sessions', { body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function addInstance(ctx, session) {
  const r = await call(ctx, 'POST', `/api/sessions/${session.id}/instances`, { token: session.token });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function closeSession(ctx, session) {
  await call(ctx, 'DELETE', `/api/sessions/${session.id}`, { token: session.token });
}

/** The engine namespace behind an instance (through the admin API, as only a test may). */
export async function namespaceOf(ctx, instance) {
  const r = await ctx.play.admin('GET', `/quai/namespaces/play-${instance.id}`);
  assert.equal(r.status, 200, r.body);
  return r.json();
}

/** The `play` namespace's socket: the shells and session networks. */
export function shellSocket(ctx) {
  return `${ctx.daemon.execRoot}/namespaces/${ctx.play.namespace}/docker.sock`;
}

/** busybox in an instance's own engine, as a pull from the hub would put it there. */
export async function loadBusyboxInto(ns) {
  await loadImage(`unix://${ns.Socket}`, busyboxArchive());
}

/** A terminal WebSocket: everything received so far in `text`, `type(...)`, `waitFor(re)`. */
export async function openTerminal(ctx, session, name, token = session.token) {
  const ws = new WebSocket(`${ctx.play.url.replace(/^http/, 'ws')}/api/sessions/${session.id}/instances/${name}/terminal?t=${encodeURIComponent(token)}`);
  const term = {
    ws,
    text: '',
    events: [],
    type(data) { ws.send(JSON.stringify({ type: 'input', data })); },
    resize(cols, rows) { ws.send(JSON.stringify({ type: 'resize', cols, rows })); },
    async waitFor(re, timeoutMs = 20_000) {
      const start = Date.now();
      for (;;) {
        const m = re.exec(term.text);
        if (m) return m;
        if (Date.now() - start > timeoutMs) assert.fail(`terminal of ${name}: ${re} not seen within ${timeoutMs} ms; got:\n${term.text.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Types a command line, waits for a marker printed after it ends; its output as plain lines (no escapes, no \\r). */
    async run(command, timeoutMs) {
      const mark = `done-${Math.random().toString(36).slice(2, 8)}`;
      const from = term.text.length;
      term.type(`${command}; echo ${mark.slice(0, 5)}''${mark.slice(5)}\r`);
      await term.waitFor(new RegExp(`${mark}\\r?\\n`), timeoutMs);
      return plain(term.text.slice(from));
    },
    close() { ws.close(); },
  };
  ws.on('message', (data, binary) => {
    if (binary) term.text += data.toString('utf8');
    else term.events.push(JSON.parse(data.toString()));
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`terminal refused: ${res.statusCode}`), { statusCode: res.statusCode })));
    ws.once('error', reject);
  });
  return term;
}

/** Terminal output without escape sequences and carriage returns. */
export function plain(text) {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '').replace(/\r/g, '');
}
