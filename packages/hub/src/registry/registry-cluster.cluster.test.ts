/**
 * The whole registry API flow (the OCI distribution flows of registry.suite.ts)
 * against the hub cluster: through HAProxy to three `quai hub` nodes on one
 * PostgreSQL and Ceph's S3 gateway (scripts/hub-cluster.sh, cluster tier).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../server.js';
import { digestOf } from '../test-hub.js';
import { clusterFromEnv, clusterToken, clusterUnderTest } from '../test-cluster.js';
import { registryApiSuite } from './registry.suite.js';

registryApiSuite('cluster: 3 nodes, PostgreSQL, Ceph S3, HAProxy', () => clusterUnderTest(clusterFromEnv()));

describe('--storage-redirect on S3', () => {
  it('answers a blob GET with a presigned URL on the bucket that serves the bytes, ranges too', async () => {
    const cluster = clusterFromEnv();
    const dataRoot = mkdtempSync(join(tmpdir(), 'quai-redirect-test-'));
    const server = await startHub({ dataRoot, database: cluster.database, storage: cluster.storage, storageRedirect: true, port: 0, log: () => {} });
    try {
      await server.hub.users.get('alice') ?? await server.hub.users.add('alice', 'alice-pw');
      const token = await clusterToken(server.url, ['repository:alice/redirect:pull,push'], ['alice', 'alice-pw']);
      const auth = { Authorization: `Bearer ${token}` };
      const bytes = randomBytes(100_000);
      const digest = digestOf(bytes);
      assert.equal((await fetch(`${server.url}/v2/alice/redirect/blobs/uploads/?digest=${digest}`, { method: 'POST', body: bytes, headers: auth })).status, 201);
      const res = await fetch(`${server.url}/v2/alice/redirect/blobs/${digest}`, { headers: auth, redirect: 'manual' });
      assert.equal(res.status, 307);
      const location = res.headers.get('location')!;
      assert.ok(location.startsWith(new URL(cluster.storage).searchParams.get('endpoint')!), location);
      assert.match(location, /X-Amz-Signature=/);
      assert.ok(Buffer.from(await (await fetch(location)).arrayBuffer()).equals(bytes));
      const part = await fetch(location, { headers: { Range: 'bytes=10-19' } });
      assert.equal(part.status, 206);
      assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20)));
      assert.equal((await fetch(`${location}x`)).status, 403, 'a tampered URL is refused');
    } finally {
      await server.close();
      rmSync(dataRoot, { recursive: true, force: true });
    }
  });
});
