/**
 * A small method+path router for the Engine API. Paths are matched after
 * the optional `/v1.NN` prefix is stripped; `{name}` segments capture one
 * path segment, and a trailing `{name*}` captures the rest (image names
 * contain slashes: `/images/127.0.0.1:5000/alice/bb/json`).
 *
 * Every route declares what it accepts (RouteSpec): its query parameters
 * and, when it takes one, the schema of its JSON body. The server checks
 * both before the handler runs, and the handler reads the checked body
 * from `ctx.body`; no handler parses a request body itself.
 *
 *   router.post('/containers/{id}/exec', create, { query: {}, body: execConfig });
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Engine, EngineScope } from '@quai/engine';
import type { GoSchema } from '@quai/common/schema/go-schema';
import { InvalidArgumentError } from '@quai/common';
import type { QuerySpec } from './validation/query.js';

export interface RouteSpec<B = undefined> {
  query: QuerySpec;
  /** The JSON body's schema; without one the body is not read (none, or a tar the handler streams). */
  body?: GoSchema<B>;
  /** Moves a lot of bytes through the daemon (pull, load, save, build, archives): the heap is tidied after it. */
  bulk?: true;
}

export interface RouteContext<B = undefined> {
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
  /** For upgraded (hijacked) requests: the raw socket and bytes read past the headers (and past the body). */
  upgrade?: { socket: Duplex; head: Buffer };
  /** The JSON body, checked against the route's schema. */
  body: B;
}

export interface AdminContext {
  engine: Engine;
  /** Serve a namespace on its own socket / stop serving it. */
  openSocket(namespace: string): Promise<void>;
  closeSocket(namespace: string): Promise<void>;
}

export type Handler<B = undefined> = (ctx: RouteContext<B>) => Promise<void> | void;

interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  handler: Handler<unknown>;
  spec: RouteSpec<unknown>;
}

export interface RouteMatch {
  handler: Handler<unknown>;
  spec: RouteSpec<unknown>;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  get<B>(path: string, handler: Handler<B>, spec: RouteSpec<B>): this { return this.add('GET', path, handler, spec); }
  head<B>(path: string, handler: Handler<B>, spec: RouteSpec<B>): this { return this.add('HEAD', path, handler, spec); }
  post<B>(path: string, handler: Handler<B>, spec: RouteSpec<B>): this { return this.add('POST', path, handler, spec); }
  put<B>(path: string, handler: Handler<B>, spec: RouteSpec<B>): this { return this.add('PUT', path, handler, spec); }
  delete<B>(path: string, handler: Handler<B>, spec: RouteSpec<B>): this { return this.add('DELETE', path, handler, spec); }

  add<B>(method: string, path: string, handler: Handler<B>, spec: RouteSpec<B>): this {
    const names: string[] = [];
    const source = path.replace(/[.]/g, '\\.').replace(/\{(\w+)(\*?)\}/g, (_m, name: string, rest: string) => {
      names.push(name);
      return rest ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, path, pattern: new RegExp(`^${source}/?$`), names, handler: handler as Handler<unknown>, spec: spec as RouteSpec<unknown> });
    return this;
  }

  /** Every route as registered (the API fuzz test walks them all). */
  list(): Array<{ method: string; path: string; spec: RouteSpec<unknown> }> {
    return this.routes.map(({ method, path, spec }) => ({ method, path, spec }));
  }

  /** The handler and captured params for a request, or why there is none. */
  match(method: string, path: string): RouteMatch | 'not-found' | 'method-not-allowed' {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => { params[name] = decodeSegment(m[i + 1]!); });
      return { handler: route.handler, spec: route.spec, params };
    }
    return pathMatched ? 'method-not-allowed' : 'not-found';
  }
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new InvalidArgumentError(`invalid URL escape in ${JSON.stringify(raw)}`);
  }
}
