/**
 * The hub's HTTP server: /v2 (registry), /token, /v1/search, /api, and
 * every other path for the web pages (web/routes.ts), on one port.
 * Housekeeping runs on a timer: idle uploads and expired sessions go.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { openHub, type Hub, type HubConfig } from './hub.js';
import { handleRegistry } from './registry/routes.js';
import { tokenEndpoint } from './auth/token-endpoint.js';
import { search } from './api/search.js';
import { handleApi } from './api/routes.js';
import { sendError, sendJson } from './http/respond.js';
import { handleWeb } from './web/routes.js';

export interface HubServer {
  hub: Hub;
  server: Server;
  /** `http://127.0.0.1:PORT` as bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function handle(hub: Hub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://hub');
  try {
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
      if (url.pathname === '/v2') url.pathname = '/v2/';
      return await handleRegistry(hub, req, res, url);
    }
    if (url.pathname === '/token' && (req.method === 'GET' || req.method === 'POST')) return await tokenEndpoint(hub, req, res, url);
    if (url.pathname === '/v1/search' && req.method === 'GET') return await search(hub, res, url);
    if (url.pathname.startsWith('/api/')) return await handleApi(hub, req, res, url);
    if (url.pathname === '/healthz') return sendJson(res, 200, { service: 'quai hub' });
    if (url.pathname.startsWith('/v1/') || url.pathname === '/token') return sendJson(res, 404, { message: 'not found' });
    return await handleWeb(hub, req, res, url);
  } catch (err) {
    sendError(res, err, hub.config.log);
  }
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
  let hub: Hub;
  try {
    hub = await openHub({ ...opts, publicUrl: opts.publicUrl ?? url });
  } catch (err) {
    // The metadata store may be unreachable (PostgreSQL down): do not leave the port bound.
    await new Promise((r) => server.close(r));
    throw err;
  }
  server.on('request', (req, res) => void handle(hub, req, res));
  const housekeeping = startHousekeeping(hub);
  return {
    hub, server, url, port,
    close: () => new Promise<void>((resolve) => {
      clearInterval(housekeeping);
      server.close(() => { void hub.close().then(resolve, resolve); });
      server.closeAllConnections();
    }),
  };
}

/** Every minute (or a quarter of a short TTL): idle uploads and expired sessions are deleted. */
function startHousekeeping(hub: Hub): NodeJS.Timeout {
  const ttlMs = hub.config.uploadTtlSeconds * 1000;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const expired = await hub.blobs.expireUploads(ttlMs);
      if (expired.length) hub.config.log(`expired ${expired.length} idle upload(s)`);
      await hub.sessions.prune();
    })().catch((err: Error) => hub.config.log(`housekeeping: ${err.message}`)).finally(() => { running = false; });
  }, Math.max(1000, Math.min(60_000, ttlMs / 4)));
  timer.unref();
  return timer;
}
