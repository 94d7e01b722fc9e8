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
import { Orgs } from './orgs.js';
import { Catalog } from './catalog.js';
import { Stars } from './stars.js';
import { Collaborators } from './collaborators.js';
import { Webhooks } from '../api/webhooks.js';

export interface StoreFixture { store: MetadataStore; dispose(): Promise<void> }

const D = (c: string) => `sha256:${c.repeat(64)}`;
const row = (digest: string, extra: Partial<ManifestRow> = {}): ManifestRow =>
  ({ digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 100, artifactType: null, subject: null, annotations: null, ...extra });

/** A hash as older hubs made them (scrypt N=2^14, r=8, p=1). */
async function hashWeak(password: string): Promise<string> {
  const { scryptSync, randomBytes } = await import('node:crypto');
  const salt = randomBytes(16);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
}

export function metadataStoreSuite(name: string, open: () => Promise<StoreFixture>): void {
  /** Runs `fn` with Users, Repos and Webhooks over a fresh store, then disposes it. */
  type Parts = { store: MetadataStore; users: Users; repos: Repos; orgs: Orgs; catalog: Catalog; hooks: Webhooks };
  const withStore = (fn: (s: Parts) => Promise<void>) => async () => {
    const { store, dispose } = await open();
    const repos = new Repos(store);
    const users = new Users(store);
    try {
      await fn({ store, users, repos, orgs: new Orgs(store, users), catalog: new Catalog(store), hooks: new Webhooks(store, () => {}) });
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
      await assert.rejects(users.add('library', 'x'), /invalid name/);
      assert.equal((await users.authenticate('alice', 'pw'))!.user.name, 'alice');
      assert.equal(await users.authenticate('alice', 'wrong'), undefined);
      assert.equal(await users.authenticate('nobody', 'pw'), undefined);
    }));

    it('keeps organisations, their members and teams, and always one owner', withStore(async ({ users, orgs }) => {
      await users.add('alice', 'pw');
      await users.add('bob', 'pw');
      assert.equal((await orgs.add('acme', 'alice')).kind, 'org');
      assert.equal(await orgs.isMember('acme', 'alice'), true);
      assert.equal(await orgs.isOwner('acme', 'alice'), true);
      assert.equal(await orgs.isMember('acme', 'bob'), false);
      await orgs.addMember('acme', 'bob');
      await orgs.addMember('acme', 'bob');
      assert.equal(await orgs.isMember('acme', 'bob'), true);
      assert.equal(await orgs.isOwner('acme', 'bob'), false);
      await assert.rejects(orgs.add('acme', 'bob'), /already exists/);
      // An organisation cannot log in.
      assert.equal(await users.authenticate('acme', ''), undefined);
      await orgs.addTeam('acme', 'devs', 'the developers');
      await orgs.addToTeam('acme', 'devs', 'bob');
      await assert.rejects(orgs.addToTeam('acme', 'devs', 'nobody'), /no such user/);
      assert.deepEqual((await orgs.teams('acme')).map((t) => [t.name, t.members]), [['devs', ['bob']], ['owners', ['alice']]]);
      await assert.rejects(orgs.removeMember('acme', 'alice'), /at least one owner/);
      assert.deepEqual(await orgs.soleOwnerOf('alice'), ['acme']);
      await orgs.addToTeam('acme', 'owners', 'bob');
      await orgs.removeMember('acme', 'alice');
      assert.deepEqual(await orgs.members('acme'), ['bob']);
      await assert.rejects(orgs.removeTeam('acme', 'owners'), /cannot be deleted/);
      await orgs.remove('acme');
      assert.equal(await users.get('acme'), undefined);
    }));

    it('applies the password rule on sign-up and password change, and moves old hashes up on login', withStore(async ({ store, users }) => {
      await assert.rejects(users.signUp('carol', 'short'), /at least 8/);
      await assert.rejects(users.signUp('carol', 'my-carol-password'), /user name/);
      await users.signUp('carol', 'correct horse');
      await assert.rejects(users.setPassword('carol', 'carol123'), /user name/);
      await users.setPassword('carol', 'battery staple');
      assert.equal(await users.authenticate('carol', 'correct horse'), undefined);
      assert.ok(await users.authenticate('carol', 'battery staple'));
      // A hash made with weaker scrypt parameters is replaced at the next good login.
      await store.run('UPDATE users SET password_hash = ? WHERE name = ?', [await hashWeak('battery staple'), 'carol']);
      assert.ok(await users.authenticate('carol', 'battery staple'));
      const { password_hash: after } = (await store.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE name = ?', ['carol']))!;
      assert.match(after, /^scrypt\$32768\$8\$3\$/);
    }));

    it('deletes an account with its repositories, tokens and memberships', withStore(async ({ users, repos, orgs }) => {
      await users.add('alice', 'pw');
      await users.add('bob', 'pw');
      await repos.ensure('alice/app');
      await repos.ensure('bob/app');
      await orgs.add('acme', 'bob');
      await orgs.addMember('acme', 'alice');
      await users.createAccessToken('alice', 'ci', 'read');
      await users.remove('alice');
      assert.equal(await users.get('alice'), undefined);
      assert.equal(await repos.get('alice/app'), undefined);
      assert.ok(await repos.get('bob/app'));
      assert.deepEqual(await orgs.members('acme'), ['bob']);
      assert.deepEqual(await users.listAccessTokens('alice'), []);
    }));

    it('stars, collaborators and deletion of a repository', withStore(async ({ users, repos, catalog, store }) => {
      await users.add('alice', 'pw');
      const app = await repos.ensure('alice/app');
      const stars = new Stars(store);
      await stars.star(app, 'alice');
      await stars.star(app, 'alice');
      assert.equal(await stars.count(app), 1);
      assert.equal((await catalog.search('app', 10, 0)).repos[0]!.stars, 1);
      const collaborators = new Collaborators(store);
      await collaborators.add(app, 'bob');
      assert.deepEqual(await collaborators.list(app), ['bob']);
      await repos.update('alice/app', { private: true });
      assert.deepEqual((await catalog.sharedWith('bob')).map((r) => r.name), ['alice/app']);
      assert.deepEqual((await catalog.namespace('alice', false)).map((r) => r.name), []);
      assert.deepEqual((await catalog.namespace('alice', true)).map((r) => r.name), ['alice/app']);
      await repos.remove(app);
      assert.equal(await repos.get('alice/app'), undefined);
      assert.deepEqual(await collaborators.list(app), []);
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
      assert.match(listed[0]!.lastUsed ?? '', /^\d{4}-\d\d-\d\dT/, 'a login with the token is its last use');
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

    it('searches public repositories by name or description, case-insensitively, most pulled first', withStore(async ({ repos, catalog }) => {
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
      const found = await catalog.search('BUSY', 10, 0);
      assert.deepEqual([found.total, found.repos.map((r) => r.name)], [2, ['alice/busy', 'bob/other']]);
      assert.deepEqual((await catalog.search('busy', 1, 1)).repos.map((r) => r.name), ['bob/other']);
      // LIKE wildcards in the query are literal.
      assert.deepEqual((await catalog.search('%_', 10, 0)).repos.map((r) => r.name), ['dan/100%_done']);
      assert.equal((await catalog.search('_x', 10, 0)).total, 0);
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
