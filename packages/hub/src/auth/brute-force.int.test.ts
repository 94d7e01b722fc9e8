/**
 * Issue 10's hub item: brute force meets 429 with Retry-After (per account
 * and per client address, on /token, Basic auth and the web login), every
 * file of the data root is private, sign-up bodies are type-checked, and
 * abandoned uploads expire.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHub, type TestHub } from '../test-hub.js';
import { WebClient } from '../test-web-client.js';
import { pushTestImage } from '../test-images.js';

const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

let hub: TestHub;
before(async () => {
  // Quick limits so the test stays short; the defaults are in auth/login-guard.ts.
  hub = await startTestHub({ guardLimits: { slowAfter: 2, lockAfter: 5, addressLockAfter: 12, lockSeconds: 60, delayStepMs: 10 }, uploadTtlSeconds: 1 });
});
after(async () => { await hub.stop(); });

describe('hub trust boundaries', () => {
  it('locks an account after repeated wrong passwords on /token, Basic auth and the web login, even for the right one', async () => {
    await hub.server.hub.users.add('victim', 'victim-password');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await fetch(`${hub.url}/token?scope=repository:victim/x:pull`, { headers: basic('victim', `guess-${i}`) })).status);
    assert.deepEqual(codes, [401, 401, 401, 401, 401, 429]);
    const locked = await fetch(`${hub.url}/token`, { headers: basic('victim', 'victim-password') });
    assert.equal(locked.status, 429, 'the right password is refused too while locked');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    const v2 = await fetch(`${hub.url}/v2/victim/x/tags/list`, { headers: basic('victim', 'victim-password') });
    assert.equal(v2.status, 429);
    assert.equal(((await v2.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'TOOMANYREQUESTS');
    assert.equal((await fetch(`${hub.url}/api/tokens`, { headers: basic('victim', 'victim-password') })).status, 429);
    const web = await new WebClient(hub.url).login('victim', 'victim-password');
    assert.equal(web.status, 429);
    assert.ok(Number(web.headers.get('retry-after')) > 0);
    assert.match(web.body, /Too many failed attempts/);
    // Other accounts are not affected by one account's lock.
    assert.equal((await fetch(`${hub.url}/token`, { headers: basic('alice', 'alice-pw') })).status, 200);
  });

  it('keeps every file and directory of the data root private to the hub', async () => {
    await pushTestImage(hub, ['alice', 'alice-pw'], 'alice/files', 'v1', [{ command: 'ADD a /', files: { a: 'x' } }]);
    const root = join(hub.dir, 'root');
    const open: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const st = statSync(path);
        if (st.mode & 0o077) open.push(`${path} ${(st.mode & 0o777).toString(8)}`);
        if (st.isDirectory()) walk(path);
      }
    };
    assert.equal(statSync(root).mode & 0o077, 0);
    walk(root);
    assert.deepEqual(open, []);
    assert.ok(statSync(join(root, 'hub.db')).isFile());
  });

  it('refuses sign-up bodies of the wrong type instead of coercing them', async () => {
    for (const body of ['{"name":123,"password":"long enough"}', '{"name":"erin","password":["long enough"]}', '{"name":"erin"}', '{"name":"erin","password":"long enough","extra":1}', '[]', '"x"']) {
      const res = await fetch(`${hub.url}/api/users`, { method: 'POST', body });
      assert.equal(res.status, 400, body);
      assert.match(((await res.json()) as { message: string }).message, /invalid request/, body);
    }
    assert.equal(await hub.server.hub.users.get('123'), undefined);
    assert.equal(await hub.server.hub.users.get('123.0'), undefined);
    const weak = await fetch(`${hub.url}/api/users`, { method: 'POST', body: '{"name":"erin","password":"erin"}' });
    assert.equal(weak.status, 400);
    assert.equal((await fetch(`${hub.url}/api/users`, { method: 'POST', body: '{"name":"erin","password":"a good one"}' })).status, 201);
  });

  it('expires an abandoned upload and its bytes', async () => {
    const token = await hub.token(['repository:alice/up:pull,push'], ['alice', 'alice-pw']);
    const auth = { Authorization: `Bearer ${token}` };
    const start = await fetch(`${hub.url}/v2/alice/up/blobs/uploads/`, { method: 'POST', headers: auth });
    const location = start.headers.get('location')!;
    assert.equal((await fetch(`${hub.url}${location}`, { method: 'PATCH', body: 'half of a blob', headers: auth })).status, 202);
    const uuid = location.split('/').pop()!;
    const dir = join(hub.dir, 'root', 'storage', 'uploads', uuid);
    assert.ok(statSync(dir).isDirectory());
    // --upload-ttl 1: the housekeeping timer removes it within a few seconds.
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 200));
      gone = (await fetch(`${hub.url}${location}`, { headers: auth })).status === 404;
    }
    assert.ok(gone, 'the upload is unknown after its TTL');
    assert.throws(() => statSync(dir), /ENOENT/);
  });
  it('locks a client address that sprays many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await fetch(`${hub.url}/token`, { headers: basic(`nobody${i}`, 'x') })).status);
    assert.ok(statuses.includes(429), statuses.join(' '));
    assert.equal((await fetch(`${hub.url}/token`, { headers: basic('bob', 'bob-pw') })).status, 429, 'the address is locked for every account');
  });
});
