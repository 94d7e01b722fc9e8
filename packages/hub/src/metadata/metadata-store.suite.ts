/**
 * The contract every MetadataStore keeps, run against each implementation
 * (SQLite always, PostgreSQL in the integration tier): accounts, tokens,
 * repositories, blobs, manifests, tags, referrers, webhooks, GC queries,
 * transactions. Each test gets a fresh, empty store from `open`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MetadataStore } from './metadata-store.js';
import { Users } from './users.js';
import { Repos, type ManifestRow } from './repos.js';
import { Webhooks } from '../api/webhooks.js';

export interface StoreFixture { store: MetadataStore; dispose(): Promise<void> }

const D = (c: string) => `sha256:${c.repeat(64)}`;
const row = (digest: string, extra: Partial<ManifestRow> = {}): ManifestRow =>
  ({ digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 100, artifactType: null, subject: null, annotations: null, ...extra });

export function metadataStoreSuite(name: string, open: () => Promise<StoreFixture>): void {
  /** Runs `fn` with Users, Repos and Webhooks over a fresh store, then disposes it. */
  const withStore = (fn: (s: { store: MetadataStore; users: Users; repos: Repos; hooks: Webhooks }) => Promise<void>) => async () => {
    const { store, dispose } = await open();
    const repos = new Repos(store);
    try {
      await fn({ store, users: new Users(store), repos, hooks: new Webhooks(store, () => {}) });
    } finally {
      await repos.close();
      await dispose();
    }
  };

  describe(`MetadataStore contract: ${name}`, () => {
    it('adds users, refuses duplicates and bad names, checks passwords', withStore(async ({ users }) => {
      await users.add('alice', 'pw');
      await users.add('root', 'pw', { admin: true });
      assert.deepEqual(await users.get('alice'), { name: 'alice', admin: false, kind: 'user' });
      assert.equal((await users.get('root'))!.admin, true);
      assert.equal(await users.get('nobody'), undefined);
      await assert.rejects(users.add('alice', 'x'), /already exists/);
      await assert.rejects(users.add('library', 'x'), /invalid user name/);
      assert.equal((await users.authenticate('alice', 'pw'))!.user.name, 'alice');
      assert.equal(await users.authenticate('alice', 'wrong'), undefined);
      assert.equal(await users.authenticate('nobody', 'pw'), undefined);
    }));

    it('keeps organisations and their members', withStore(async ({ users }) => {
      await users.add('alice', 'pw');
      await users.add('bob', 'pw');
      assert.equal((await users.addOrg('acme', 'alice')).kind, 'org');
      assert.equal(await users.isMember('acme', 'alice'), true);
      assert.equal(await users.isMember('acme', 'bob'), false);
      await users.addMember('acme', 'bob');
      await users.addMember('acme', 'bob');
      assert.equal(await users.isMember('acme', 'bob'), true);
      await assert.rejects(users.addOrg('acme', 'bob'), /taken/);
      // An organisation cannot log in.
      assert.equal(await users.authenticate('acme', ''), undefined);
    }));

    it('issues refresh tokens and scoped, revocable access tokens', withStore(async ({ users }) => {
      await users.add('alice', 'pw');
      const p = (await users.authenticate('alice', 'pw'))!;
      const refresh = await users.issueRefreshToken(p, 'pw');
      assert.equal((await users.byRefreshToken(refresh))!.user.name, 'alice');
      assert.equal(await users.byRefreshToken('qrt_unknown'), undefined);

      const { id, token } = await users.createAccessToken('alice', 'ci', 'read');
      await assert.rejects(users.createAccessToken('alice', 'x', 'everything'), /invalid scope/);
      const viaPat = (await users.authenticate('alice', token))!;
      assert.deepEqual([viaPat.tokenId, viaPat.allowed], [id, ['pull']]);
      assert.equal(await users.issueRefreshToken(viaPat, token), token);
      assert.equal((await users.byRefreshToken(token))!.tokenId, id);
      const listed = await users.listAccessTokens('alice');
      assert.deepEqual(listed.map((t) => [t.id, t.label, t.scope, t.revoked]), [[id, 'ci', 'read', null]]);
      assert.equal(await users.isTokenRevoked(id), false);

      assert.equal(await users.revokeAccessToken('bob', id), false);
      assert.equal(await users.revokeAccessToken('alice', id), true);
      assert.equal(await users.revokeAccessToken('alice', id), false);
      assert.equal(await users.isTokenRevoked(id), true);
      assert.equal(await users.isTokenRevoked('no-such-id'), true);
      assert.equal(await users.authenticate('alice', token), undefined);
      assert.equal(await users.byRefreshToken(token), undefined);
    }));

    it('creates repositories once, lists them bytewise with pagination, updates them', withStore(async ({ repos }) => {
      const a = await repos.ensure('alice/app');
      assert.equal((await repos.ensure('alice/app')).id, a.id);
      assert.deepEqual([a.namespace, a.private, a.pullCount, a.pushed], ['alice', false, 0, null]);
      assert.equal((await repos.ensure('busybox')).namespace, 'library');
      await repos.ensure('Zed/x'.toLowerCase());
      await repos.ensure('alice/app-2');
      await repos.ensure('alice/app_3');
      const names = (await repos.list()).map((r) => r.name);
      assert.deepEqual(names, ['alice/app', 'alice/app-2', 'alice/app_3', 'busybox', 'zed/x']);
      assert.deepEqual((await repos.list({ limit: 2 })).map((r) => r.name), ['alice/app', 'alice/app-2']);
      assert.deepEqual((await repos.list({ after: 'alice/app_3', limit: 10 })).map((r) => r.name), ['busybox', 'zed/x']);
      await repos.update('alice/app', { private: true, description: 'An App' });
      const u = (await repos.get('alice/app'))!;
      assert.deepEqual([u.private, u.description, u.readme], [true, 'An App', '']);
      await repos.update('nope/x', { private: true });
      assert.equal(await repos.get('nope/x'), undefined);
    }));

    it('searches public repositories by name or description, case-insensitively, most pulled first', withStore(async ({ repos }) => {
      const one = await repos.ensure('alice/busy');
      await repos.ensure('bob/other');
      await repos.update('bob/other', { description: 'A BusyBox build' });
      await repos.ensure('carol/busy-secret');
      await repos.update('carol/busy-secret', { private: true });
      await repos.ensure('dan/100%_done');
      repos.countPull(one);
      repos.countPull(one);
      await repos.flushPulls();
      assert.equal((await repos.get('alice/busy'))!.pullCount, 2);
      const found = await repos.search('BUSY', 10, 0);
      assert.deepEqual([found.total, found.repos.map((r) => r.name)], [2, ['alice/busy', 'bob/other']]);
      assert.deepEqual((await repos.search('busy', 1, 1)).repos.map((r) => r.name), ['bob/other']);
      // LIKE wildcards in the query are literal.
      assert.deepEqual((await repos.search('%_', 10, 0)).repos.map((r) => r.name), ['dan/100%_done']);
      assert.equal((await repos.search('_x', 10, 0)).total, 0);
    }));

    it('records blobs and links them to repositories', withStore(async ({ repos }) => {
      const r = await repos.ensure('alice/app');
      const big = 5 * 1024 ** 3; // beyond 32 bits
      await repos.recordBlob(D('a'), big);
      await repos.recordBlob(D('a'), 1);
      assert.equal(await repos.blobSize(D('a')), big);
      assert.equal(await repos.blobSize(D('b')), undefined);
      assert.equal(await repos.hasBlob(r, D('a')), false);
      await repos.linkBlob(r, D('a'));
      await repos.linkBlob(r, D('a'));
      assert.equal(await repos.hasBlob(r, D('a')), true);
      assert.equal(await repos.unlinkBlob(r, D('a')), true);
      assert.equal(await repos.unlinkBlob(r, D('a')), false);
    }));

    it('puts manifests with tags, paginates tags, deletes tags and manifests', withStore(async ({ repos }) => {
      const r = await repos.ensure('alice/app');
      await repos.putManifest(r, row(D('1'), { annotations: { k: 'v' } }), [D('c'), D('l')], 'v1');
      await repos.putManifest(r, row(D('2')), [], 'v2');
      await repos.putManifest(r, row(D('2'), { size: 7 }), [], 'latest');
      await repos.putManifest(r, row(D('3')), []);
      assert.deepEqual(await repos.manifest(r, D('1')), row(D('1'), { annotations: { k: 'v' } }));
      assert.equal((await repos.manifest(r, D('2')))!.size, 7);
      assert.equal(await repos.hasBlob(r, D('3')), true);
      assert.notEqual((await repos.get('alice/app'))!.pushed, null);
      assert.equal(await repos.tagDigest(r, 'v1'), D('1'));
      await repos.putManifest(r, row(D('3')), [], 'v1');
      assert.equal(await repos.tagDigest(r, 'v1'), D('3'));
      assert.deepEqual(await repos.tags(r), ['latest', 'v1', 'v2']);
      assert.deepEqual(await repos.tags(r, { n: 2 }), ['latest', 'v1']);
      assert.deepEqual(await repos.tags(r, { last: 'v1', n: 5 }), ['v2']);
      assert.deepEqual(await repos.tags(r, { n: 0 }), []);
      assert.equal(await repos.deleteTag(r, 'v2'), true);
      assert.equal(await repos.deleteTag(r, 'v2'), false);
      // Deleting a manifest takes its tags with it.
      assert.equal(await repos.deleteManifest(r, D('2')), true);
      assert.equal(await repos.tagDigest(r, 'latest'), undefined);
      assert.equal(await repos.deleteManifest(r, D('2')), false);
      assert.deepEqual(await repos.tags(r), ['v1']);
    }));

    it('answers referrers, optionally by artifact type', withStore(async ({ repos }) => {
      const r = await repos.ensure('alice/app');
      await repos.putManifest(r, row(D('5')), []);
      await repos.putManifest(r, row(D('6'), { subject: D('5'), artifactType: 'application/sig' }), []);
      await repos.putManifest(r, row(D('7'), { subject: D('5'), artifactType: 'application/sbom' }), []);
      assert.deepEqual((await repos.referrers(r, D('5'))).map((m) => m.digest).sort(), [D('6'), D('7')]);
      assert.deepEqual((await repos.referrers(r, D('5'), 'application/sbom')).map((m) => m.digest), [D('7')]);
      assert.deepEqual(await repos.referrers(r, D('6')), []);
    }));

    it('finds and forgets garbage: blobs no manifest is or refers to', withStore(async ({ repos }) => {
      const r = await repos.ensure('alice/app');
      for (const c of ['a', 'b', 'c', 'f']) { await repos.recordBlob(D(c), 10); await repos.linkBlob(r, D(c)); }
      await repos.putManifest(r, row(D('f')), [D('a')], 'v1');
      const future = new Date(Date.now() + 60_000).toISOString();
      assert.deepEqual((await repos.garbageCandidates(future)).map((b) => b.digest).sort(), [D('b'), D('c')]);
      assert.deepEqual(await repos.garbageCandidates('2000-01-01T00:00:00.000Z'), []);
      assert.equal(await repos.forgetGarbage(D('b')), true);
      assert.equal(await repos.forgetGarbage(D('a')), false);
      assert.equal(await repos.blobSize(D('b')), undefined);
      assert.equal(await repos.hasBlob(r, D('b')), false);
      assert.equal(await repos.hasBlob(r, D('a')), true);
    }));

    it('keeps webhooks per repository', withStore(async ({ repos, hooks }) => {
      const r = await repos.ensure('alice/app');
      const other = await repos.ensure('alice/other');
      const one = await hooks.add(r, 'http://127.0.0.1:1/a');
      const two = await hooks.add(r, 'http://127.0.0.1:1/b');
      assert.match(one.secret, /^[0-9a-f]{48}$/);
      assert.notEqual(one.id, two.id);
      assert.deepEqual(await hooks.list(r), [{ id: one.id, url: 'http://127.0.0.1:1/a' }, { id: two.id, url: 'http://127.0.0.1:1/b' }]);
      assert.equal(await hooks.remove(other, one.id), false);
      assert.equal(await hooks.remove(r, one.id), true);
      assert.deepEqual((await hooks.list(r)).map((h) => h.id), [two.id]);
    }));

    it('runs transactions all or nothing, isolated from concurrent statements', withStore(async ({ store }) => {
      const insert = 'INSERT INTO blobs (digest, size, created) VALUES (?, ?, ?)';
      await assert.rejects(store.transaction(async (tx) => {
        await tx.run(insert, [D('d'), 1, 'x']);
        throw new Error('abort');
      }), /abort/);
      assert.equal(await store.get('SELECT size FROM blobs WHERE digest = ?', [D('d')]), undefined);
      // Concurrent increments inside transactions never lose an update.
      await store.run(insert, [D('e'), 0, 'x']);
      await Promise.all(Array.from({ length: 20 }, () => store.transaction(async (tx) => {
        const cur = (await tx.get<{ size: number }>('SELECT size FROM blobs WHERE digest = ?', [D('e')]))!.size;
        await tx.run('UPDATE blobs SET size = ? WHERE digest = ?', [Number(cur) + 1, D('e')]);
      })));
      assert.equal(Number((await store.get<{ size: number }>('SELECT size FROM blobs WHERE digest = ?', [D('e')]))!.size), 20);
      assert.equal(await store.run('DELETE FROM blobs WHERE digest = ?', [D('e')]), 1);
    }));
  });
}
