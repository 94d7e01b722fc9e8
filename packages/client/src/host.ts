/**
 * Where the daemon listens. `-H` wins, then DOCKER_HOST, then the default
 * socket. Accepted forms are Docker's: unix:///path, tcp://host:port,
 * a bare /path (unix), or host:port (tcp).
 */
export const DEFAULT_HOST = 'unix:///run/quai/quai.sock';

export type Endpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; host: string; port: number; url: string };

export function resolveHost(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.DOCKER_HOST || DEFAULT_HOST;
}

export function parseHost(url: string): Endpoint {
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (!socketPath) throw new Error(`invalid host: ${url}`);
    return { kind: 'unix', socketPath, url };
  }
  if (url.startsWith('/')) return { kind: 'unix', socketPath: url, url: `unix://${url}` };
  let rest = url;
  if (rest.startsWith('tcp://')) rest = rest.slice('tcp://'.length);
  else if (rest.startsWith('http://')) rest = rest.slice('http://'.length);
  else if (/^[a-z]+:\/\//.test(rest)) throw new Error(`unsupported host protocol: ${url}`);
  rest = rest.replace(/\/+$/, '');
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(rest);
  if (!m) throw new Error(`invalid host: ${url}`);
  const host = (m[1] || '127.0.0.1').replace(/^\[|\]$/g, '');
  const port = m[2] ? Number(m[2]) : 2375;
  return { kind: 'tcp', host, port, url: `tcp://${m[1] || '127.0.0.1'}:${port}` };
}
