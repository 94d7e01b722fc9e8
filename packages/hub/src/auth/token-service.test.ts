import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScope, TokenService } from './token-service.js';
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
  it('signs and verifies, with the key kept across instances', async () => {
    const a = await TokenService.open(dir, 'hub');
    const { token } = await a.issue({ sub: 'alice', access: [{ type: 'repository', name: 'alice/x', actions: ['pull'] }] });
    const b = await TokenService.open(dir, 'hub');
    assert.equal((await b.verify(token))?.sub, 'alice');
    const other = await TokenService.open(dir, 'another-service');
    assert.equal(await other.verify(token), undefined);
    assert.equal(await b.verify(`${token.slice(0, -4)}AAAA`), undefined);
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
