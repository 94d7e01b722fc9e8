import { request } from 'node:http';

export interface ApiRequest {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

/** One raw Engine API request over a unix socket, body read in full. */
export function apiRequest(socket: string, req: ApiRequest): Promise<ApiResponse> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) {
      headers['Content-Length'] = Buffer.byteLength(req.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const r = request(
      { socketPath: socket, method: req.method ?? 'GET', path: req.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    r.setTimeout(req.timeoutMs ?? 30_000, () => r.destroy(new Error(`${req.method ?? 'GET'} ${req.path}: timed out`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** True when GET /_ping answers 200 "OK". */
export async function ping(socket: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await apiRequest(socket, { path: '/_ping', timeoutMs });
    return res.status === 200 && res.body === 'OK';
  } catch {
    return false;
  }
}
