import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScope, TokenService } from './token-service.js';
import { openMetadataStore } from '../metadata/metadata-store.js';
import { hashPassword, verifyPassword } from './passwords.js';

const dir = mkdtempSync(join(tmpdir(), 'quai-hub-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parseScope', () => {
  it('splits type, name and actions (names may hold a registry port)', () => {
    assert.deepEqual(parseScope('repository:alice/bb:pull,push'), { type: 'repository', name: 'alice/bb', actions: ['pull', 'push'] });
    assert.deepEqual(parseScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
    assert.deepEqual(parseScope('repository:localhost:5000/x:pull'), { type: 'repository', name: 'localhost:5000/x', actions: ['pull'] });
    assert.equal(parseScope('nonsense'), undefined);
  });
});

describe('TokenService', () => {
  it('signs and verifies, with the key kept in the metadata store for every instance', async () => {
    const store = await openMetadataStore('sqlite:', dir);
    after(() => store.close());
    const a = await TokenService.open(store, dir, 'hub');
    const { token } = await a.issue({ sub: 'alice', access: [{ type: 'repository', name: 'alice/x', actions: ['pull'] }] });
    const b = await TokenService.open(store, join(dir, 'another-node'), 'hub');
    assert.equal((await b.verify(token))?.sub, 'alice');
    const other = await TokenService.open(store, dir, 'another-service');
    assert.equal(await other.verify(token), undefined);
    assert.equal(await b.verify(`${token.slice(0, -4)}AAAA`), undefined);
  });

  it('remembers a verified token only until it expires', async () => {
    const store = await openMetadataStore('sqlite:', dir);
    after(() => store.close());
    const tokens = await TokenService.open(store, dir, 'hub');
    const { token } = await tokens.issue({ sub: 'alice', access: [] });
    assert.equal((await tokens.verify(token))?.sub, 'alice');
    assert.equal((await tokens.verify(token))?.sub, 'alice');
    const realNow = Date.now;
    Date.now = () => realNow() + 301_000;
    try {
      assert.equal(await tokens.verify(token), undefined, 'an expired token is refused though it was verified before');
    } finally {
      Date.now = realNow;
    }
  });

  it('takes over the key file an older hub kept in its data root', async () => {
    const old = join(dir, 'old-hub');
    mkdirSync(old);
    const jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    writeFileSync(join(old, 'token-key.jwk'), JSON.stringify(jwk));
    const store = await openMetadataStore('sqlite:', old);
    after(() => store.close());
    const tokens = await TokenService.open(store, old, 'hub');
    const { token } = await tokens.issue({ sub: 'bob', access: [] });
    const { payload } = await jwtVerify(token, await importJWK({ ...jwk, d: undefined, alg: 'ES256' }, 'ES256'));
    assert.equal(payload.sub, 'bob');
  });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('s3cret');
    assert.match(h, /^scrypt\$/);
    assert.equal(await verifyPassword('s3cret', h), true);
    assert.equal(await verifyPassword('wrong', h), false);
    assert.equal(await verifyPassword('x', 'garbage'), false);
  });

  it('remembers a recent success only for the same password and the same stored hash', async () => {
    const h = await hashPassword('s3cret-2');
    assert.equal(await verifyPassword('s3cret-2', h), true);
    assert.equal(await verifyPassword('s3cret-2', h), true); // from the recent checks
    assert.equal(await verifyPassword('s3cret-3', h), false);
    const changed = await hashPassword('s3cret-3'); // a password change stores a new hash
    assert.equal(await verifyPassword('s3cret-2', changed), false);
    assert.equal(await verifyPassword('s3cret-3', changed), true);
    const other = await hashPassword('s3cret-2'); // same password, another salt: checked again, still right
    assert.equal(await verifyPassword('s3cret-2', other), true);
  });
});
