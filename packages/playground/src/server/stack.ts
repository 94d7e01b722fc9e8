/**
 * `?stack=URL`: a Compose file started in node1. It is fetched only from
 * the playground's own origin or the configured hub (anything else is
 * refused, so the playground cannot be made to fetch from elsewhere),
 * written into node1's working directory as compose.yaml, and started by
 * typing `quai compose up -d` into node1's terminal: the learner sees it
 * run, and the file is read inside the instance, never on the host.
 */
import tar from 'tar-stream';
import type { PlayEngine } from './engine.js';
import type { Instance } from './instance.js';
import { PlayError } from './messages.js';

const MAX_STACK = 256 * 1024;

export async function fetchStack(url: string, allowedOrigins: string[]): Promise<Buffer> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new PlayError(400, 'stackOrigin', { url, allowed: allowedOrigins.join(', ') });
  }
  if (!allowedOrigins.includes(origin)) throw new PlayError(400, 'stackOrigin', { url, allowed: allowedOrigins.join(', ') });
  let res: Response;
  try {
    // No redirects: one could lead to an origin that is not allowed.
    res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new PlayError(502, 'stackFetch', { url, detail: (err as Error).message });
  }
  if (!res.ok) throw new PlayError(502, 'stackFetch', { url, detail: `HTTP ${res.status}` });
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_STACK) throw new PlayError(502, 'stackFetch', { url, detail: `larger than ${MAX_STACK / 1024} KiB` });
  return body;
}

export async function startStack(engine: PlayEngine, node1: Instance, compose: Buffer): Promise<void> {
  const pack = tar.pack();
  pack.entry({ name: 'compose.yaml', mode: 0o644, size: compose.length }, compose);
  pack.finalize();
  const res = await engine.shells.request('PUT', `/containers/${node1.shellId}/archive`, { query: { path: node1.workdir }, body: pack });
  res.resume();
  await node1.terminal.ensureStarted();
  node1.terminal.input('quai compose up -d\r');
}
