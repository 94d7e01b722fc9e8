// The playground's JSON API (packages/playground/README.md), as the page calls it.
import type { CheckResultJson, ErrorJson, InstanceJson, LabJson, SessionJson } from '../shared/api.js';
import { fmt, lang } from './i18n.js';

/** A refusal from the server: its status and its message (in the page's language). */
export class ApiFailure extends Error {
  constructor(readonly status: number, message: string, readonly retryAfter?: number) {
    super(message);
    this.name = 'ApiFailure';
  }
}

async function failure(res: Response): Promise<ApiFailure> {
  let body: Partial<ErrorJson> = {};
  try {
    body = await res.json() as ErrorJson;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  const header = Number(res.headers.get('Retry-After'));
  const retryAfter = body.retryAfter ?? (Number.isFinite(header) && header > 0 ? header : undefined);
  return new ApiFailure(res.status, body.message ?? `${res.status} ${res.statusText}`, retryAfter);
}

export async function call(method: string, path: string, opts: { token?: string; json?: unknown; body?: BodyInit } = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const sep = path.includes('?') ? '&' : '?';
  let res: Response;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await fetch(`${path}${sep}lang=${lang}`, { method, headers, body, cache: 'no-store' });
      break;
    } catch (err) {
      // A GET is asked again after a dropped connection (a browser on the playground's own host
      // drops its requests when a session network appears); anything else could act twice.
      if (method !== 'GET' || attempt === 3) throw new ApiFailure(0, fmt('networkError', { detail: (err as Error).message }));
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
  if (!res.ok) throw await failure(res);
  return res;
}

export async function createSession(body: { template?: string; stack?: string; restore?: string }): Promise<SessionJson> {
  return await (await call('POST', '/api/sessions', { json: body })).json() as SessionJson;
}

export async function loadLabs(): Promise<LabJson[]> {
  return await (await call('GET', '/api/labs')).json() as LabJson[];
}

/** The calls a session page makes, with its token. */
export class SessionApi {
  constructor(readonly id: string, readonly token: string) {}

  private path(rest = ''): string {
    return `/api/sessions/${encodeURIComponent(this.id)}${rest}`;
  }

  async get(): Promise<SessionJson> {
    return await (await call('GET', this.path(), { token: this.token })).json() as SessionJson;
  }

  async close(): Promise<void> {
    await call('DELETE', this.path(), { token: this.token });
  }

  async addInstance(): Promise<InstanceJson> {
    return await (await call('POST', this.path('/instances'), { token: this.token })).json() as InstanceJson;
  }

  async removeInstance(name: string): Promise<void> {
    await call('DELETE', this.path(`/instances/${name}`), { token: this.token });
  }

  async upload(name: string, path: string, file: Blob): Promise<void> {
    await call('PUT', this.path(`/instances/${name}/files?path=${encodeURIComponent(path)}`), { token: this.token, body: file });
  }

  /** A link that downloads (the token rides in the query: a plain link cannot send a header). */
  downloadUrl(name: string, path: string): string {
    return `${this.path(`/instances/${name}/files`)}?path=${encodeURIComponent(path)}&t=${encodeURIComponent(this.token)}`;
  }

  async save(name?: string): Promise<string> {
    const res = await call('POST', this.path('/save'), { token: this.token, json: name ? { name } : {} });
    return (await res.json() as { ref: string }).ref;
  }

  async check(instance: string, lab: string, step: number): Promise<CheckResultJson> {
    const res = await call('POST', this.path(`/instances/${instance}/labs/${encodeURIComponent(lab)}/steps/${step}/check`), { token: this.token });
    return await res.json() as CheckResultJson;
  }

  terminalUrl(instance: string): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${this.path(`/instances/${instance}/terminal`)}?t=${encodeURIComponent(this.token)}`;
  }
}
