/**
 * The hub's HTTP server: /v2 (registry), /token, /v1/search, /api, every
 * other path for the web pages (web/routes.ts), on one port, and the probes
 * a load balancer asks:
 *
 *   GET /healthz   200 while the process serves (liveness)
 *   GET /readyz    200 when the metadata store and the storage answer, 503
 *                  otherwise and from the moment the node starts draining
 *                  (readiness: the balancer stops sending it new requests)
 *
 * Every request gets an id: the balancer's `X-Request-Id` when it sends a
 * sane one, else a new one. It is answered in `X-Request-Id` and starts the
 * request's line in the node's log (`req=<id> GET /v2/... 200 3ms`), so one
 * push can be followed across the balancer and the nodes.
 * Housekeeping runs on a timer: idle uploads, expired sessions and faded
 * login-failure counts go; webhook deliveries due are sent.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { openHub, type Hub, type HubConfig } from './hub.js';
import { handleRegistry } from './registry/routes.js';
import { tokenEndpoint } from './auth/token-endpoint.js';
import { search } from './api/search.js';
import { handleApi } from './api/routes.js';
import { drainBody, sendError, sendJson } from './http/respond.js';
import { handleWeb } from './web/routes.js';

export interface HubServer {
  hub: Hub;
  server: Server;
  /** `http://127.0.0.1:PORT` as bound. */
  url: string;
  port: number;
  /**
   * Stops: /readyz answers 503 at once, requests in flight get `drainMs`
   * to finish (default 0: cut), then connections close and the stores too.
   */
  close(opts?: { drainMs?: number }): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The node's state the probes report; `draining` set by close(). */
interface Probe { draining: boolean; checked: number; ready: boolean; reason: string }

export async function handle(hub: Hub, req: IncomingMessage, res: ServerResponse, probe?: Probe): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://hub');
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomBytes(8).toString('hex');
  res.setHeader('X-Request-Id', id);
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    hub.config.log(`req=${id} ${req.method} ${url.pathname} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  try {
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
      if (url.pathname === '/v2') url.pathname = '/v2/';
      return await handleRegistry(hub, req, res, url);
    }
    if (url.pathname === '/token' && (req.method === 'GET' || req.method === 'POST')) return await tokenEndpoint(hub, req, res, url);
    if (url.pathname === '/v1/search' && req.method === 'GET') return await search(hub, res, url);
    if (url.pathname.startsWith('/api/')) return await handleApi(hub, req, res, url);
    if (url.pathname === '/healthz') return sendJson(res, 200, { service: 'quai hub', node: hub.config.nodeName });
    if (url.pathname === '/readyz') return await readiness(hub, res, probe);
    if (url.pathname.startsWith('/v1/') || url.pathname === '/token') return sendJson(res, 404, { message: 'not found' });
    return await handleWeb(hub, req, res, url);
  } catch (err) {
    await drainBody(req);
    sendError(res, err, (m) => hub.config.log(`req=${id} ${m}`));
  }
}

/** At most one check of the stores a second, however often the balancer asks. */
async function readiness(hub: Hub, res: ServerResponse, probe: Probe = { draining: false, checked: 0, ready: false, reason: '' }): Promise<void> {
  if (!probe.draining && Date.now() - probe.checked > 1000) {
    try {
      await hub.store.get('SELECT 1 AS one');
      await hub.driver.stat('readyz');
      probe.ready = true;
      probe.reason = '';
    } catch (err) {
      probe.ready = false;
      probe.reason = (err as Error).message;
    }
    probe.checked = Date.now();
  }
  const ready = probe.ready && !probe.draining;
  sendJson(res, ready ? 200 : 503, { ready, node: hub.config.nodeName, ...(ready ? {} : { reason: probe.draining ? 'draining' : probe.reason }) });
}

export interface ListenOptions extends Omit<HubConfig, 'publicUrl'> {
  host?: string;
  port?: number;
  publicUrl?: string;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: Buffer; key: Buffer };
}

export async function startHub(opts: ListenOptions): Promise<HubServer> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = opts.tls ? createHttps({ cert: opts.tls.cert, key: opts.tls.key }) : createHttp();
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Bound first (the port is known for the public URL); until the stores are open, every request gets a 503.
  const starting = (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 503, { ready: false, reason: 'starting' });
  server.on('request', starting);
  let hub: Hub;
  try {
    hub = await openHub({ ...opts, publicUrl: opts.publicUrl ?? url });
  } catch (err) {
    // The metadata store or the storage may be unreachable: do not leave the port bound.
    await new Promise((r) => server.close(r));
    throw err;
  }
  const probe: Probe = { draining: false, checked: 0, ready: false, reason: '' };
  server.off('request', starting);
  server.on('request', (req, res) => void handle(hub, req, res, probe));
  const housekeeping = startHousekeeping(hub);
  return {
    hub, server, url, port,
    close: async ({ drainMs = 0 } = {}) => {
      probe.draining = true;
      clearInterval(housekeeping);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      while (Date.now() < deadline && (await connections(server)) > 0) await new Promise((r) => setTimeout(r, 50));
      server.closeAllConnections();
      await closed;
      await hub.close().catch(() => {});
    },
  };
}

function connections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n)));
}

/** Every minute (or a quarter of a short TTL): idle uploads and expired sessions are deleted, on every node (safe at once). */
function startHousekeeping(hub: Hub): NodeJS.Timeout {
  const ttlMs = hub.config.uploadTtlSeconds * 1000;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const expired = await hub.blobs.expireUploads(ttlMs);
      if (expired) hub.config.log(`expired ${expired} idle upload(s)`);
      await hub.sessions.prune();
      await hub.guard.prune();
      await hub.webhooks.drain();
    })().catch((err: Error) => hub.config.log(`housekeeping: ${err.message}`)).finally(() => { running = false; });
  }, Math.max(1000, Math.min(60_000, ttlMs / 4)));
  timer.unref();
  return timer;
}
