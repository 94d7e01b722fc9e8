/** Test helper: a hub on an ephemeral loopback port in a temp dir, with users alice, bob and admin. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startHub, type HubServer } from './server.js';
import type { HubConfig } from './hub.js';

export interface TestHub {
  server: HubServer;
  url: string;
  dir: string;
  /** A bearer token for `scopes` (Basic credentials when `user` is given). */
  token(scopes: string[], user?: [string, string]): Promise<string>;
  stop(): Promise<void>;
}

/** `database`: the hub's --database (default SQLite under the temp dir); other HubConfig fields pass through. */
export async function startTestHub(opts: Pick<HubConfig, 'database' | 'guardLimits' | 'uploadTtlSeconds' | 'webhookAllowPrivate'> = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'quai-hub-test-'));
  const server = await startHub({ dataRoot: join(dir, 'root'), port: 0, log: () => {}, ...opts });
  await server.hub.users.add('alice', 'alice-pw');
  await server.hub.users.add('bob', 'bob-pw');
  await server.hub.users.add('admin', 'admin-pw', { admin: true });
  return {
    server,
    url: server.url,
    dir,
    async token(scopes, user) {
      const u = new URL('/token', server.url);
      u.searchParams.set('service', server.hub.config.service);
      for (const s of scopes) u.searchParams.append('scope', s);
      const headers: Record<string, string> = user ? { Authorization: `Basic ${Buffer.from(user.join(':')).toString('base64')}` } : {};
      const res = await fetch(u, { headers });
      if (!res.ok) throw new Error(`token: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
