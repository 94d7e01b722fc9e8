/**
 * A small Docker Engine API client over a unix socket or TCP.
 *
 *   const c = new EngineClient({ host: 'unix:///run/quai/quai.sock' });
 *   const info = await c.json<Info>('GET', '/info');
 *   const res = await c.request('GET', '/containers/x/logs', { query: { follow: true } });
 *   const { socket } = await c.hijack('POST', '/containers/x/attach', { query: { stream: true } });
 *
 * Every path is sent with the `/v1.NN` prefix. Any answer >= 400 becomes an
 * ApiError carrying the status and the daemon's message.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, ConnectionError, decodeErrorBody } from './errors.js';
import { DEFAULT_HOST, parseHost, type Endpoint } from './host.js';

export const DEFAULT_API_VERSION = '1.47';

export type QueryValue = string | number | boolean | undefined | null | string[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Plain values are sent as JSON; Buffers and readable streams as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Content-Type for Buffer/stream bodies (default application/x-tar). */
  contentType?: string;
}

export interface ClientOptions {
  host?: string;
  apiVersion?: string;
}

export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const values = Array.isArray(v) ? v : [typeof v === 'boolean' ? (v ? '1' : '0') : String(v)];
    for (const one of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function isStream(v: unknown): v is NodeJS.ReadableStream {
  return !!v && typeof (v as NodeJS.ReadableStream).pipe === 'function';
}

/** Read a whole response body as text. */
export async function readText(res: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

/** Non-empty lines of a streamed body, as they arrive. */
export async function* readLines(res: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  for await (const c of res) {
    rest += typeof c === 'string' ? c : c.toString('utf8');
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) yield line;
    }
  }
  if (rest.trim()) yield rest.trim();
}

/** Newline-delimited JSON (pull, load, import, events): one value per line. */
export async function* readJsonLines<T = unknown>(res: NodeJS.ReadableStream): AsyncGenerator<T> {
  for await (const line of readLines(res)) yield JSON.parse(line) as T;
}

export class EngineClient {
  readonly endpoint: Endpoint;
  readonly apiVersion: string;

  constructor(opts: ClientOptions = {}) {
    this.endpoint = parseHost(opts.host ?? DEFAULT_HOST);
    this.apiVersion = opts.apiVersion ?? DEFAULT_API_VERSION;
  }

  private send(method: string, path: string, opts: RequestOptions, upgrade: boolean): http.ClientRequest {
    const headers: Record<string, string> = { ...opts.headers };
    const e = this.endpoint;
    const options: http.RequestOptions & { servername: string } = {
      method,
      path: `/v${this.apiVersion}${path}${encodeQuery(opts.query)}`,
      agent: false,
      // an explicit empty servername spares the agent an isIP() check whose regex costs ~10 ms on first use
      servername: '',
      headers: upgrade ? { ...headers, Connection: 'Upgrade', Upgrade: 'tcp' } : headers,
      ...(e.kind === 'unix' ? { socketPath: e.socketPath, host: 'localhost' } : { host: e.host, port: e.port }),
    };
    const req = http.request(options);
    const body = opts.body;
    if (body === undefined) {
      req.end();
    } else if (isStream(body)) {
      req.setHeader('Content-Type', opts.contentType ?? 'application/x-tar');
      body.pipe(req);
    } else if (Buffer.isBuffer(body)) {
      req.setHeader('Content-Type', opts.contentType ?? 'application/x-tar');
      req.end(body);
    } else {
      req.setHeader('Content-Type', 'application/json');
      req.end(JSON.stringify(body));
    }
    return req;
  }

  private wrapError(err: Error): Error {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') {
      return new ConnectionError(this.endpoint.url, err);
    }
    return err;
  }

  /** Send a request; resolves with the response once headers arrive, rejects with ApiError on >= 400. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.send(method, path, opts, false);
      req.on('error', (err) => reject(this.wrapError(err)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 400) return resolve(res);
        readText(res).then((text) => reject(decodeErrorBody(status, text)), reject);
      });
    });
  }

  /** A request whose answer is JSON (or empty: undefined). */
  async json<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await readText(res);
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  /** A request whose answer is newline-delimited JSON; `errorDetail`/`error` lines throw. */
  async *jsonLines<T = Record<string, unknown>>(method: string, path: string, opts: RequestOptions = {}): AsyncGenerator<T> {
    const res = await this.request(method, path, opts);
    for await (const msg of readJsonLines<T & { error?: string; errorDetail?: { message?: string } }>(res)) {
      if (msg && (msg.error || msg.errorDetail)) {
        throw new ApiError(500, msg.errorDetail?.message ?? msg.error ?? 'unknown error');
      }
      yield msg as T;
    }
  }

  /**
   * Upgrade the connection (attach, exec start): answers 101 and then the
   * socket carries raw or multiplexed frames both ways.
   */
  hijack(method: string, path: string, opts: RequestOptions = {}): Promise<{ socket: Duplex; head: Buffer; contentType?: string }> {
    return new Promise((resolve, reject) => {
      const req = this.send(method, path, opts, true);
      req.on('error', (err) => reject(this.wrapError(err)));
      req.on('upgrade', (res, socket, head) => {
        resolve({ socket, head, contentType: res.headers['content-type'] });
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 400) {
          readText(res).then((text) => reject(decodeErrorBody(status, text)), reject);
          return;
        }
        res.resume();
        reject(new ApiError(status, `expected 101 Switching Protocols from ${path}, got ${status}`));
      });
    });
  }
}
