/**
 * `quai play`'s HTTP server: the pages, the JSON API, the terminal
 * WebSocket, file transfers and the port proxy, in front of one engine.
 *
 *   const play = await startPlayground(config, { shellArchive, log });
 *   play.url   // http://127.0.0.1:8088
 *   await play.close();  // every session closed, the warm pool emptied
 */
import http from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import * as api from './api.js';
import { Assets } from './assets.js';
import type { PlayConfig } from './config.js';
import { PlayEngine } from './engine.js';
import { sendError, sendJson, toRequest, tokenOf, type Request } from './http.js';
import { AddressPool } from './instance.js';
import { PAGE_CSP, renderPage } from './page.js';
import { PlayError } from './messages.js';
import { queryCheck, validated } from './schemas.js';
import { SessionStore } from './sessions.js';
import { TerminalSockets } from './terminal-socket.js';
import { UsageMeter } from './usage.js';
import { WarmPool } from './warm-pool.js';
import { download, upload } from './files.js';
import { PortProxy, proxyTarget } from './proxy.js';
import { fetchStack, startStack } from './stack.js';
import { loadLabs } from './labs/index.js';
import { pullSavedShell, readSave, restoreInstance, saveSession, type HubAccount } from './save.js';
import type { Session } from './sessions.js';

export interface StartOptions {
  /** build/images/play-shell.tar: loaded when the shell image is missing. */
  shellArchive: string;
  log: (m: string) => void;
}

export interface Playground {
  url: string;
  sessions: SessionStore;
  pool: WarmPool;
  close(): Promise<void>;
}

/** The id our engine objects are labelled with, kept across restarts so leftovers are found. */
function ownerId(dataRoot: string): string {
  mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
  const file = join(dataRoot, 'owner');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[a-f0-9]{12}$/.test(id)) return id;
  } catch {
    // first start
  }
  const id = randomBytes(6).toString('hex');
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

const pageQuery = queryCheck(['lang', 't', 'stack', 'template']);

export async function startPlayground(config: PlayConfig, opts: StartOptions): Promise<Playground> {
  const { log } = opts;
  const engine = new PlayEngine(config, ownerId(config.dataRoot));
  await engine.prepare(opts.shellArchive, log);
  const addresses = new AddressPool();
  const pool = new WarmPool(engine, addresses, config.warmPool, config.maxInstances, log);
  const sessions = new SessionStore(config, engine, pool, addresses, log);
  const usage = new UsageMeter(engine.shells);
  const assets = new Assets();
  const terminals = new TerminalSockets(sessions);
  const proxy = new PortProxy(sessions, usage);
  let url = '';
  /** Where `?stack=` may come from: this playground (as it listens and as published) and the hub. */
  const stackOrigins = () => [...new Set([url, config.publicUrl, config.hubUrl].filter(Boolean).map((o) => new URL(o).origin))];

  const deps: api.ApiDeps = {
    sessions,
    usage,
    hubUrl: config.hubUrl,
    origin: (r) => config.publicUrl || (r.req.headers.host ? `http://${r.req.headers.host}` : url),
    startTemplate: async (session, body) => {
      if (body.restore) return restore(session, body.restore);
      const compose = await fetchStack(body.stack!, stackOrigins());
      const node1 = session.instances[0] ?? await sessions.addInstance(session);
      await startStack(engine, node1, compose);
    },
  };

  /** A port link; by host only when that instance exists (a playground's own name may look like one). */
  function portLink(req: http.IncomingMessage) {
    const target = proxyTarget(req);
    return target && (target.prefix || sessions.instanceById(target.instanceId)) ? target : undefined;
  }

  function hubAccount(): HubAccount {
    if (!config.hubUser) throw new PlayError(501, 'noHub');
    return { url: config.hubUrl, user: config.hubUser, password: config.hubPassword };
  }

  /** A session as a save left it: each saved instance with its shell, volumes and containers. */
  async function restore(session: Session, ref: string): Promise<void> {
    const hub = hubAccount();
    const saved = await readSave(engine, hub, ref);
    const names = Object.keys(saved.instances).filter((n) => /^node[0-9]{1,3}$/.test(n)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    for (const name of names) {
      const shellImage = await pullSavedShell(engine, hub, ref, name);
      const instance = await sessions.addInstance(session, { name, shellImage });
      await restoreInstance(hub, ref, instance, saved.instances[name]!);
    }
  }

  async function route(r: Request): Promise<void> {
    const { req, res, url: u } = r;
    const method = req.method ?? 'GET';
    const path = u.pathname;
    const target = portLink(req);
    if (target) return proxy.http(r, target);
    if ((method === 'GET' || method === 'HEAD') && path.startsWith('/assets/')) {
      if (!assets.serve(path, res, method)) api.notFound();
      return;
    }
    if (method === 'GET' && (path === '/' || /^\/s\/[A-Za-z0-9_-]{1,64}$/.test(path))) {
      validated(pageQuery, Object.fromEntries(u.searchParams));
      const html = renderPage({ lang: r.lang, kind: path === '/' ? 'start' : 'session' });
      // The page's own policy as a header too, where it can also forbid framing (a meta element cannot).
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer', 'Content-Language': r.lang,
        'Content-Security-Policy': `${PAGE_CSP}; frame-ancestors 'none'`, 'X-Frame-Options': 'DENY',
      });
      res.end(html);
      return;
    }
    if (method === 'GET' && path === '/api/labs') {
      validated(queryCheck(['lang']), Object.fromEntries(u.searchParams));
      sendJson(res, 200, await loadLabs(r.lang));
      return;
    }
    if (path === '/api/sessions' && method === 'POST') return api.createSession(deps, r);
    const s = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})(\/instances)?$/.exec(path);
    const saveRoute = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/save$/.exec(path);
    if (saveRoute && method === 'POST') return api.save(deps, r, saveRoute[1]!, (instances, name) => saveSession(engine, hubAccount(), instances, name));
    const lab = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/instances\/(node[0-9]{1,3})\/labs\/([a-z0-9-]{1,64})\/steps\/([0-9]{1,3})\/check$/.exec(path);
    if (lab && method === 'POST') return api.checkLabStep(deps, r, lab[1]!, lab[2]!, lab[3]!, Number(lab[4]));
    if (s) {
      if (!s[2] && method === 'GET') return api.getSession(deps, r, s[1]!);
      if (!s[2] && method === 'DELETE') return api.closeSession(deps, r, s[1]!);
      if (s[2] && method === 'POST') return api.addInstance(deps, r, s[1]!);
    }
    const inst = api.matchInstancePath(path);
    if (inst) {
      const [id, name, rest] = inst;
      if (rest === '' && method === 'DELETE') return api.removeInstance(deps, r, id, name);
      if (rest === '/files' && (method === 'GET' || method === 'PUT')) {
        const { session } = sessions.authorize(id, tokenOf(req, u), method !== 'GET');
        const instance = sessions.instance(session, name);
        return method === 'GET' ? download(engine, r, instance) : upload(engine, r, instance);
      }
    }
    api.notFound();
  }

  const server = http.createServer((req, res) => {
    const r = toRequest(req, res);
    route(r).catch((err) => sendError(r, err, log));
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const target = portLink(req);
    if (target) return void proxy.upgrade(req, socket, head, target);
    const u = new URL(req.url ?? '/', 'http://playground.invalid');
    const inst = api.matchInstancePath(u.pathname);
    if (inst && inst[2] === '/terminal') return terminals.upgrade(req, socket, head, u, inst[0], inst[1]);
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 0; // uploads and downloads may take long; idle sockets are bounded by keepAliveTimeout
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as { address: string; port: number };
  url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  void pool.fill();

  return {
    get url() { return url; },
    sessions,
    pool,
    async close() {
      terminals.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await sessions.stop();
      await pool.stop();
      await engine.removeNetwork(engine.poolNetwork).catch(() => {});
    },
  };
}
