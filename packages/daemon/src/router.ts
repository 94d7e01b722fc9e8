/**
 * A small method+path router for the Engine API. Paths are matched after
 * the optional `/v1.NN` prefix is stripped; `{name}` segments capture one
 * path segment, and a trailing `{name*}` captures the rest (image names
 * contain slashes: `/images/127.0.0.1:5000/alice/bb/json`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine, EngineScope } from '@quai/engine';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The engine's services bound to the namespace this socket serves. */
  engine: EngineScope;
  /** On the main sockets only: the whole engine and the namespace sockets (the admin API). */
  admin?: AdminContext;
  /** The API version the client asked for (from the path prefix), or the default. */
  apiVersion: string;
  /** For upgraded (hijacked) requests: the raw socket and bytes read past the headers. */
  upgrade?: { socket: Duplex; head: Buffer };
}

export interface AdminContext {
  engine: Engine;
  /** Serve a namespace on its own socket / stop serving it. */
  openSocket(namespace: string): Promise<void>;
  closeSocket(namespace: string): Promise<void>;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): this { return this.add('GET', path, handler); }
  head(path: string, handler: Handler): this { return this.add('HEAD', path, handler); }
  post(path: string, handler: Handler): this { return this.add('POST', path, handler); }
  put(path: string, handler: Handler): this { return this.add('PUT', path, handler); }
  delete(path: string, handler: Handler): this { return this.add('DELETE', path, handler); }

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/[.]/g, '\\.').replace(/\{(\w+)(\*?)\}/g, (_m, name: string, rest: string) => {
      names.push(name);
      return rest ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** The handler and captured params for a request, or why there is none. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'not-found' | 'method-not-allowed' {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]!); });
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method-not-allowed' : 'not-found';
  }
}
