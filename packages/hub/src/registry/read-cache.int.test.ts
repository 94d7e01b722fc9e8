/**
 * The registry's read cache on two hub nodes sharing one PostgreSQL: a
 * node answers from memory; a write on either node returns only once both
 * have dropped what it changed; nothing is cached while a node's change
 * feed is cut.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHub, type Hub } from '../hub.js';
import { startTestPostgres, type TestPostgres } from '../metadata/test-postgres.js';
import type { ManifestRow, Repo } from '../metadata/repos.js';

let postgres: TestPostgres;
let database: string;
let dir: string;
let nodeA: Hub;
let nodeB: Hub;

before(async () => {
  postgres = await startTestPostgres();
  database = await postgres.createDatabase();
  dir = mkdtempSync(join(tmpdir(), 'quai-read-cache-'));
  const open = (name: string) => openHub({ dataRoot: join(dir, name), database, storage: join(dir, 'storage'), publicUrl: 'http://hub.test', nodeName: name, log: () => {} });
  nodeA = await open('a');
  nodeB = await open('b');
}, { timeout: 60_000 });

after(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const row = (n: number): ManifestRow => ({
  digest: `sha256:${String(n).padStart(64, '0')}`, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 100 + n,
  artifactType: null, subject: null, annotations: null,
});

/** Counts how often `hub` asks its store for a tag. */
function countTagQueries(hub: Hub): () => number {
  let asked = 0;
  const original = hub.repos.tagDigest.bind(hub.repos);
  hub.repos.tagDigest = (repo, tag) => { asked++; return original(repo, tag); };
  return () => asked;
}

async function eventually<T>(what: string, read: () => Promise<T>, want: T): Promise<void> {
  const deadline = Date.now() + 5000;
  let got = await read();
  while (got !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    got = await read();
  }
  assert.equal(got, want, what);
}

describe('registry read cache (two nodes, one PostgreSQL)', () => {
  let repo: Repo;
  let asked: () => number;

  before(async () => {
    repo = await nodeA.repos.ensure('alice/app');
    await nodeA.repos.putManifest(repo, row(1), [], 'v1');
    asked = countTagQueries(nodeB);
  });

  it('answers a repeated manifest lookup from memory', async () => {
    const id = (await nodeB.reads.repoId('alice/app'))!;
    assert.equal(id, repo.id);
    assert.equal(await nodeB.reads.tagDigest(id, 'v1'), row(1).digest);
    assert.equal(await nodeB.reads.tagDigest(id, 'v1'), row(1).digest);
    assert.equal((await nodeB.reads.manifest(id, row(1).digest))?.size, 101);
    assert.equal(asked(), 1, 'the second lookup did not reach the database');
    assert.equal(await nodeB.reads.tagDigest(id, 'nope'), undefined);
  });

  it('has dropped what another node changed by the time that write returns', async () => {
    await nodeA.repos.putManifest(repo, row(2), [], 'v1');
    assert.equal(await nodeB.reads.tagDigest(repo.id, 'v1'), row(2).digest);
  });

  it('sees its own writes at once', async () => {
    assert.equal(await nodeB.reads.tagDigest(repo.id, 'v1'), row(2).digest);
    await nodeB.repos.putManifest(repo, row(3), [], 'v1');
    assert.equal(await nodeB.reads.tagDigest(repo.id, 'v1'), row(3).digest);
    await nodeB.repos.deleteManifest(repo, row(3).digest);
    assert.equal(await nodeB.reads.tagDigest(repo.id, 'v1'), undefined);
    assert.equal(await nodeB.reads.manifest(repo.id, row(3).digest), undefined);
  });

  it('hears a manifest deleted and a repository removed by another node', async () => {
    await nodeA.repos.putManifest(repo, row(4), [], 'v1');
    assert.equal(await nodeB.reads.tagDigest(repo.id, 'v1'), row(4).digest);
    assert.ok(await nodeB.reads.manifest(repo.id, row(4).digest));
    await nodeA.repos.deleteManifest(repo, row(4).digest);
    assert.equal(await nodeB.reads.manifest(repo.id, row(4).digest), undefined);
    await nodeA.repos.remove(repo);
    assert.equal(await nodeB.reads.repoId('alice/app'), undefined);
  });

  it('hears a blob unlinked by another node, and forgets blobs at once when its own GC forgets one', async () => {
    const blobs = await nodeA.repos.ensure('alice/blobs');
    const digest = `sha256:${'b'.repeat(64)}`;
    await nodeA.repos.recordBlob(digest, 42);
    await nodeA.repos.putManifest(blobs, row(7), [], 'v1');
    await nodeA.repos.linkBlob(blobs, digest);
    assert.equal(await nodeB.reads.blobSize(blobs.id, digest), 42);
    await nodeA.repos.unlinkBlob(blobs, digest);
    assert.equal(await nodeB.reads.blobSize(blobs.id, digest), undefined);

    await nodeA.repos.putManifest(blobs, row(8), [], 'v2');
    await nodeA.repos.linkBlob(blobs, digest);
    assert.equal(await nodeB.reads.blobSize(blobs.id, digest), 42);
    assert.equal(await nodeB.repos.forgetGarbage(digest), true);
    assert.equal(await nodeB.reads.blobSize(blobs.id, digest), undefined, 'gone at once on the node that collected it');
  });

  it('caches nothing while its change feed is cut, and forgets everything when it is back', async () => {
    const other = await nodeA.repos.ensure('alice/other');
    await nodeA.repos.putManifest(other, row(5), [], 'latest');
    assert.equal(await nodeB.reads.tagDigest(other.id, 'latest'), row(5).digest);
    const before = asked();
    assert.equal(await nodeB.reads.tagDigest(other.id, 'latest'), row(5).digest);
    assert.equal(asked(), before, 'cached while the feed is live');

    // Cut every listening connection (node A's too): nobody hears the next change.
    const admin = new pg.Client({ connectionString: database });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'quai-hub-changes'");
    } finally {
      await admin.end();
    }
    await eventually('node B notices its feed is cut', async () => nodeB.store.changes!.live, false);
    await nodeA.store.run('UPDATE tags SET digest = ? WHERE repo_id = ? AND tag = ?', [row(6).digest, other.id, 'latest']);
    await nodeA.store.run(`INSERT INTO manifests (repo_id, digest, media_type, size, created) VALUES (?, ?, ?, ?, ?)`,
      [other.id, row(6).digest, row(6).mediaType, row(6).size, new Date().toISOString()]);
    const cut = asked();
    assert.equal(await nodeB.reads.tagDigest(other.id, 'latest'), row(6).digest, 'read from the database while cut');
    assert.equal(await nodeB.reads.tagDigest(other.id, 'latest'), row(6).digest);
    assert.equal(asked(), cut + 2, 'nothing cached while cut');
    await eventually('node B listens again', async () => nodeB.store.changes!.live, true);
    assert.equal(await nodeB.reads.tagDigest(other.id, 'latest'), row(6).digest);
  });
});
