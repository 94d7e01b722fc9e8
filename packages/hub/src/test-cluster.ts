/**
 * Test helper for the cluster tier: the hub cluster scripts/hub-cluster.sh
 * started (scripts/test.sh exports its cluster.env: QUAI_CLUSTER_REGISTRY,
 * QUAI_CLUSTER_NODES, QUAI_CLUSTER_DATABASE, QUAI_CLUSTER_S3, the S3
 * credentials). A hub opened in-process on the same PostgreSQL and bucket
 * does what an admin would (users), as one more node would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHub, type Hub } from './hub.js';
import type { HubUnderTest } from './registry/registry.suite.js';

export interface Cluster {
  /** The balancer: `http://127.0.0.1:PORT`. */
  registry: string;
  nodes: string[];
  database: string;
  storage: string;
  dir: string;
  admin: [string, string];
}

export function clusterFromEnv(): Cluster {
  const env = process.env;
  const missing = ['QUAI_CLUSTER_REGISTRY', 'QUAI_CLUSTER_NODES', 'QUAI_CLUSTER_DATABASE', 'QUAI_CLUSTER_S3', 'QUAI_CLUSTER_DIR'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`${missing.join(', ')} not set: run the cluster tier through scripts/test.sh (TEST_TIERS=cluster), which starts scripts/hub-cluster.sh`);
  const dir = env.QUAI_CLUSTER_DIR!;
  return {
    registry: env.QUAI_CLUSTER_REGISTRY!,
    nodes: env.QUAI_CLUSTER_NODES!.split(/\s+/).filter(Boolean),
    database: env.QUAI_CLUSTER_DATABASE!,
    storage: env.QUAI_CLUSTER_S3!,
    dir,
    admin: ['admin', readFileSync(join(dir, 'admin-password'), 'utf8').trim()],
  };
}

/** A hub on the cluster's database and bucket, in this process; `close` removes its data root. */
export async function openClusterHub(cluster: Cluster): Promise<Hub> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'quai-cluster-test-'));
  const hub = await openHub({
    dataRoot, database: cluster.database, storage: cluster.storage, publicUrl: cluster.registry, nodeName: 'test', log: () => {},
  });
  const close = hub.close;
  hub.close = async () => { await close(); rmSync(dataRoot, { recursive: true, force: true }); };
  return hub;
}

/** Adds the account unless the cluster has it already. */
export async function ensureUser(hub: Hub, name: string, password: string): Promise<void> {
  if (!(await hub.users.get(name))) await hub.users.add(name, password);
}

/** Bearer tokens from `base` (the balancer or one node), as a client asks. */
export async function clusterToken(base: string, scopes: string[], user?: [string, string]): Promise<string> {
  const u = new URL('/token', base);
  u.searchParams.set('service', new URL(base).host);
  for (const s of scopes) u.searchParams.append('scope', s);
  const headers: Record<string, string> = user ? { Authorization: `Basic ${Buffer.from(user.join(':')).toString('base64')}` } : {};
  const res = await fetch(u, { headers });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The registry suite's view of the cluster: its balancer, with alice and bob. */
export async function clusterUnderTest(cluster: Cluster): Promise<HubUnderTest> {
  const hub = await openClusterHub(cluster);
  await ensureUser(hub, 'alice', 'alice-pw');
  await ensureUser(hub, 'bob', 'bob-pw');
  await hub.close();
  return {
    url: cluster.registry,
    admin: cluster.admin,
    token: (scopes, user) => clusterToken(cluster.registry, scopes, user),
    stop: async () => {},
  };
}
