/**
 * Port links: HTTP and WebSocket traffic to a port an instance published
 * (`docker run -p 8080:80` inside it listens on the instance's own loopback
 * address, 127.77.x.y:8080), reached two ways:
 *
 *   by path   /p/<instanceId>/<port>/rest   → 127.77.x.y:<port>/rest
 *   by host   Host: <instanceId>-<port>.<anything>  (e.g. abc…-8080.localhost:8088, no DNS needed)
 *
 * Only ports the instance's containers publish are reachable: its address
 * may also answer for host services bound to 0.0.0.0, which stay out.
 * Pages served by path share the playground's origin, so they get a
 * sandboxing Content-Security-Policy (an opaque origin: no access to the
 * playground's storage or API); by host they run on an origin of their own.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { errorAnswer, type Request } from './http.js';
import type { Instance } from './instance.js';
import { chooseLang, PlayError } from './messages.js';
import type { SessionStore } from './sessions.js';
import type { UsageMeter } from './usage.js';

export interface ProxyTarget {
  instanceId: string;
  port: number;
  /** The path (and query) to send upstream. */
  path: string;
  /** Set for the path form: what upstream paths hang under. */
  prefix: string;
}

const BY_PATH = /^\/p\/([a-z][a-z0-9]{9})\/(\d{1,5})(\/.*)?$/;
const BY_HOST = /^([a-z][a-z0-9]{9})-(\d{1,5})\./;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const SANDBOX = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

/** What a request is for when it is a port link; undefined otherwise. */
export function proxyTarget(req: http.IncomingMessage): ProxyTarget | undefined {
  const raw = req.url ?? '/';
  const host = BY_HOST.exec((req.headers.host ?? '').toLowerCase());
  if (host) return { instanceId: host[1]!, port: Number(host[2]), path: raw, prefix: '' };
  const q = raw.indexOf('?');
  const pathname = q >= 0 ? raw.slice(0, q) : raw;
  const m = BY_PATH.exec(pathname);
  if (!m) return undefined;
  const prefix = `/p/${m[1]}/${m[2]}`;
  return { instanceId: m[1]!, port: Number(m[2]), path: `${m[3] ?? ''}${q >= 0 ? raw.slice(q) : ''}`, prefix };
}

function forwardHeaders(req: http.IncomingMessage, keepUpgrade: boolean): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || (HOP_BY_HOP.has(k) && !(keepUpgrade && (k === 'upgrade' || k === 'connection')))) continue;
    headers[k] = v;
  }
  const remote = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${remote}` : remote;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

export class PortProxy {
  constructor(private readonly sessions: SessionStore, private readonly usage: UsageMeter) {}

  /** The instance, if `port` is one its containers publish now. */
  private async resolve(t: ProxyTarget): Promise<Instance> {
    const instance = this.sessions.instanceById(t.instanceId);
    if (!instance) throw new PlayError(404, 'notFound');
    if (!(await this.usage.ports(instance)).includes(t.port)) throw new PlayError(404, 'noPort', { instance: instance.name, port: t.port });
    return instance;
  }

  async http(r: Request, t: ProxyTarget): Promise<void> {
    if (t.prefix && t.path === '') {
      r.res.writeHead(301, { Location: `${t.prefix}/` }).end();
      return;
    }
    const instance = await this.resolve(t);
    await new Promise<void>((resolve, reject) => {
      const upstream = http.request({
        host: instance.publishAddress, port: t.port, method: r.req.method, path: t.path || '/', headers: forwardHeaders(r.req, false),
      }, (res) => {
        const headers = { ...res.headers };
        for (const h of HOP_BY_HOP) delete headers[h];
        if (t.prefix) {
          const location = headers.location;
          if (typeof location === 'string' && location.startsWith('/') && !location.startsWith('//')) headers.location = `${t.prefix}${location}`;
          headers['content-security-policy'] = SANDBOX;
        }
        r.res.writeHead(res.statusCode ?? 502, headers);
        res.pipe(r.res);
        res.on('end', resolve);
        res.on('error', reject);
      });
      upstream.on('error', (err) => reject(new PlayError(502, 'proxyFailed', { instance: instance.name, port: t.port, detail: err.message })));
      r.req.pipe(upstream);
    });
  }

  /** A WebSocket (or any Upgrade) to the published port: the request is replayed upstream, then bytes flow both ways. */
  async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, t: ProxyTarget): Promise<void> {
    let instance: Instance;
    try {
      instance = await this.resolve(t);
    } catch (err) {
      const { status, body } = errorAnswer(err, chooseLang(null, req.headers['accept-language']));
      const text = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
      return;
    }
    const upstream = net.connect(t.port, instance.publishAddress);
    upstream.setNoDelay(true);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    upstream.once('connect', () => {
      const headers = forwardHeaders(req, true);
      const lines = [`${req.method} ${t.path || '/'} HTTP/1.1`];
      for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  }
}
