/**
 * The Engine API servers. The main listen addresses (-H) serve the
 * `default` namespace and, under /quai/namespaces, the admin API; each
 * other namespace is served on a unix socket of its own, bound to that
 * namespace's scope (its routes never see another namespace).
 *
 * Every server strips the `/v1.NN` prefix (refusing versions we don't
 * speak), sets Docker's response headers, routes, and turns thrown errors
 * into `{"message": ...}` with the status of their kind. Upgraded requests
 * (attach, exec start) go through the same router with the raw socket.
 * TCP listeners speak TLS when the daemon has a key pair (tls.ts); with
 * client verification, a client without a certificate signed by the CA
 * never gets past the handshake.
 */
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { unlink, chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Engine, EngineScope } from '@quai/engine';
import { InvalidArgumentError, NotFoundError } from '@quai/common';
import { Router, type AdminContext, type RouteContext } from './router.js';
import { toHttp } from './errors.js';
import { API_VERSION, MIN_API_VERSION, RESPONSE_HEADERS, compareVersions } from './version.js';
import { registerRoutes } from './routes/index.js';
import { registerNamespaceRoutes } from './routes/namespaces/index.js';
import { isHijacked } from './hijack.js';
import { checkQuery } from './validation/query.js';
import { compileSchema } from '@quai/common/schema/check';
import { tidyHeapSoon } from './heap.js';
import { BodyTooLargeError, discardRest, readJsonBody } from './validation/request-body.js';
import type { Logger } from './logger.js';
import { tcpHostname, type TlsMaterial } from './tls.js';

const VERSION_PREFIX = /^\/v(\d+\.\d+)(\/.*)$/;
/** Go's http.DefaultMaxHeaderBytes: long build-arg URLs and registry auth headers fit, as with dockerd. */
const MAX_HEADER_BYTES = 1024 * 1024;


export interface RunningServer {
  close(): Promise<void>;
}

/** What one listening socket serves: a namespace's scope, and the admin API on the main ones. */
interface Served {
  scope: EngineScope;
  admin?: AdminContext;
}

/** One http.Server and every connection it holds (hijacked ones too: closeAllConnections misses those). */
interface Listening {
  server: Server;
  sockets: Set<Duplex>;
}

export async function startServer(engine: Engine, hosts: string[], log: Logger, tls?: TlsMaterial): Promise<RunningServer> {
  const api = registerRoutes(new Router());
  const adminRoutes = registerNamespaceRoutes(new Router());
  const main: Listening[] = [];
  const perNamespace = new Map<string, Listening>();

  const serve = async (host: string, served: Served): Promise<Listening> => {
    const routers = served.admin ? [adminRoutes, api] : [api];
    const secure = tls && host.startsWith('tcp://');
    const server: Server = secure
      ? createTlsServer({
        keepAliveTimeout: 60_000, maxHeaderSize: MAX_HEADER_BYTES, key: tls.key, cert: tls.cert, ca: tls.ca, minVersion: 'TLSv1.2',
        requestCert: tls.verify, rejectUnauthorized: tls.verify,
      })
      : createServer({ keepAliveTimeout: 60_000, maxHeaderSize: MAX_HEADER_BYTES });
    const sockets = new Set<Duplex>();
    server.on('request', (req, res) => void handle(routers, served, log, req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void handleUpgrade(routers, served, log, req, socket, head));
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket));
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await listen(server, host, secure ? 2376 : 2375);
    return { server, sockets };
  };

  const admin: AdminContext = {
    engine,
    async openSocket(name) {
      if (perNamespace.has(name)) return;
      perNamespace.set(name, await serve(`unix://${engine.namespaces.socketPath(name)}`, { scope: engine.namespaces.scope(name) }));
    },
    async closeSocket(name) {
      const l = perNamespace.get(name);
      perNamespace.delete(name);
      if (l) await stop(l);
    },
  };
  // Namespaces and their sockets survive a daemon restart: open before the main socket, so a client that sees the daemon up finds them too.
  for (const ns of engine.namespaces?.list() ?? []) if (ns.name !== 'default') await admin.openSocket(ns.name);
  for (const host of hosts) main.push(await serve(host, { scope: engine, admin }));
  // Compile the body schemas now, while nobody waits, rather than on the first request of each route.
  setImmediate(() => {
    for (const route of [...api.list(), ...adminRoutes.list()]) if (route.spec.body) compileSchema(route.spec.body);
    tidyHeapSoon(0); // ajv's generated sources are garbage now
  });
  return {
    async close() {
      await Promise.all([...main, ...perNamespace.values()].map(stop));
    },
  };
}

function stop(l: Listening): Promise<void> {
  const closed = new Promise<void>((resolve) => l.server.close(() => resolve()));
  for (const socket of l.sockets) socket.destroy();
  return closed;
}

async function listen(server: Server, host: string, defaultPort: number): Promise<void> {
  if (host.startsWith('unix://')) {
    const path = host.slice('unix://'.length);
    await mkdir(dirname(path), { recursive: true });
    await unlink(path).catch(() => {});
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
    await chmod(path, 0o660);
  } else if (host.startsWith('tcp://')) {
    const port = Number(new URL(host.replace(/^tcp:/, 'http:')).port || defaultPort);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, tcpHostname(host), resolve));
  } else {
    throw new InvalidArgumentError(`invalid host address ${host}: use unix:///path or tcp://host:port`);
  }
}

function resolveRequest(routers: Router[], method: string, rawUrl: string) {
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://quai');
  } catch {
    throw new InvalidArgumentError(`invalid request URI: ${rawUrl}`);
  }
  let path = url.pathname;
  let apiVersion = API_VERSION;
  const m = VERSION_PREFIX.exec(path);
  if (m) {
    apiVersion = m[1]!;
    path = m[2]!;
    if (compareVersions(apiVersion, MIN_API_VERSION) < 0) {
      throw new InvalidArgumentError(`client version ${apiVersion} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`);
    }
    if (compareVersions(apiVersion, API_VERSION) > 0) {
      throw new InvalidArgumentError(`client version ${apiVersion} is too new. Maximum supported API version is ${API_VERSION}`);
    }
  }
  for (const router of routers) {
    const match = router.match(method, path);
    if (typeof match === 'string') continue;
    checkQuery(match.spec.query, url.searchParams);
    return { ...match, query: url.searchParams, apiVersion };
  }
  throw new NotFoundError('page not found');
}

async function handle(routers: Router[], served: Served, log: Logger, req: IncomingMessage, res: ServerResponse, upgrade?: RouteContext['upgrade']): Promise<void> {
  for (const [k, v] of Object.entries(RESPONSE_HEADERS)) res.setHeader(k, v);
  try {
    const { handler, spec, params, query, apiVersion } = resolveRequest(routers, req.method ?? 'GET', req.url ?? '/');
    let body: unknown;
    if (spec.body) {
      const read = await readJsonBody(spec.body, req, upgrade);
      body = read.body;
      if (upgrade) upgrade = { ...upgrade, head: read.rest };
    }
    try {
      await handler({ req, res, params, query, engine: served.scope, admin: served.admin, apiVersion, upgrade, body });
    } finally {
      if (spec.bulk) tidyHeapSoon();
    }
  } catch (err) {
    const { status, body } = toHttp(err);
    if (status >= 500) log.error(`${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
    else log.debug(`${req.method} ${req.url}: ${status} ${body.message}`);
    if (res.headersSent || res.destroyed || (upgrade && isHijacked(upgrade.socket))) { (upgrade?.socket ?? res).destroy(); return; }
    if (status === 304) { res.writeHead(304); res.end(); return; }
    if (err instanceof BodyTooLargeError && !upgrade) discardRest(req);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  }
}

/**
 * Upgraded requests (attach, exec start) get a real ServerResponse on their
 * socket, so errors before the hijack are answered like any other.
 */
function handleUpgrade(routers: Router[], served: Served, log: Logger, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  socket.on('error', () => {});
  const res = new ServerResponse(req);
  res.assignSocket(socket as Socket);
  res.shouldKeepAlive = false;
  return handle(routers, served, log, req, res, { socket, head });
}

/** A request node's parser refused (bad syntax, headers too large) still gets an answer, as from Go's server. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${status}`, () => socket.destroy());
}
