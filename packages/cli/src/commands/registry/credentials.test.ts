import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB_KEY, getAuth, registryAuthHeader, removeAuth, saveAuth, serverKey, serverOfImage } from './credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'quai-cred-'));
const before = process.env.DOCKER_CONFIG;
process.env.DOCKER_CONFIG = dir;
after(() => {
  if (before === undefined) delete process.env.DOCKER_CONFIG; else process.env.DOCKER_CONFIG = before;
  rmSync(dir, { recursive: true, force: true });
});

describe('registry credentials in config.json', () => {
  it('keys registries as Docker does', () => {
    assert.equal(serverKey(undefined), DOCKER_HUB_KEY);
    assert.equal(serverKey('docker.io'), DOCKER_HUB_KEY);
    assert.equal(serverKey('http://127.0.0.1:5000/'), '127.0.0.1:5000');
    assert.equal(serverOfImage('127.0.0.1:5000/alice/bb:1'), '127.0.0.1:5000');
    assert.equal(serverOfImage('busybox'), DOCKER_HUB_KEY);
  });

  it('stores passwords and identity tokens in Docker\'s shape', () => {
    saveAuth('127.0.0.1:5000', { username: 'alice', password: 'pw:with:colons' });
    saveAuth('reg.example', { username: 'bob', identitytoken: 'qrt_x' });
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.equal(Buffer.from(file.auths['127.0.0.1:5000'].auth, 'base64').toString(), 'alice:pw:with:colons');
    assert.deepEqual(file.auths['reg.example'], { auth: Buffer.from('bob:').toString('base64'), identitytoken: 'qrt_x' });
    assert.equal(getAuth('127.0.0.1:5000')?.password, 'pw:with:colons');
    assert.deepEqual(getAuth('reg.example'), { username: 'bob', password: undefined, identitytoken: 'qrt_x', serveraddress: 'reg.example' });
    const header = registryAuthHeader('127.0.0.1:5000/alice/bb');
    assert.equal(JSON.parse(Buffer.from(header['X-Registry-Auth']!, 'base64url').toString()).username, 'alice');
    assert.deepEqual(registryAuthHeader('other.example/x'), {});
    assert.equal(removeAuth('127.0.0.1:5000'), true);
    assert.equal(getAuth('127.0.0.1:5000'), undefined);
  });
});
