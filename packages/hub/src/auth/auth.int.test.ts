/**
 * Accounts and tokens over HTTP: challenges, namespaces, private
 * repositories, refresh tokens, personal access tokens and their
 * revocation, organisations, `quai hub user add` against a running hub.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { digestOf, startTestHub, type TestHub } from '../test-hub.js';

let hub: TestHub;
before(async () => { hub = await startTestHub(); });
after(async () => { await hub.stop(); });

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

async function pushBlob(repo: string, token: string, content: string): Promise<Response> {
  return fetch(`${hub.url}/v2/${repo}/blobs/uploads/?digest=${digestOf(content)}`, { method: 'POST', body: content, headers: bearer(token) });
}

async function grantedActions(scope: string, user?: [string, string]): Promise<string[]> {
  const token = await hub.token([scope], user);
  const claims = await hub.server.hub.tokens.verify(token);
  return claims?.access[0]?.actions ?? [];
}

describe('hub accounts and tokens', () => {
  it('grants by namespace: own yes, others and library/ no, admin everything', async () => {
    assert.deepEqual(await grantedActions('repository:alice/x:pull,push', ['alice', 'alice-pw']), ['pull', 'push']);
    assert.deepEqual(await grantedActions('repository:bob/x:pull,push', ['alice', 'alice-pw']), []);
    assert.deepEqual(await grantedActions('repository:library/x:pull,push', ['alice', 'alice-pw']), []);
    assert.deepEqual(await grantedActions('repository:library/x:pull,push,delete', ['admin', 'admin-pw']), ['pull', 'push', 'delete']);
    assert.deepEqual(await grantedActions('repository:alice/x:pull'), []);
  });

  it('refuses a wrong password at the token endpoint with 401', async () => {
    const res = await fetch(`${hub.url}/token?scope=repository:alice/x:pull`, { headers: { Authorization: basic('alice', 'wrong') } });
    assert.equal(res.status, 401);
  });

  it('lets anonymous pull public repositories and refuses private ones with a challenge', async () => {
    const token = await hub.token(['repository:alice/pub:pull,push'], ['alice', 'alice-pw']);
    assert.equal((await pushBlob('alice/pub', token, 'public bytes')).status, 201);
    const anon = await fetch(`${hub.url}/v2/alice/pub/blobs/${digestOf('public bytes')}`);
    assert.equal(anon.status, 200);
    const patch = await fetch(`${hub.url}/api/repositories/alice/pub`, { method: 'PATCH', body: '{"private":true}', headers: { Authorization: basic('alice', 'alice-pw') } });
    assert.equal(patch.status, 204);
    const denied = await fetch(`${hub.url}/v2/alice/pub/blobs/${digestOf('public bytes')}`);
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('www-authenticate'), `Bearer realm="${hub.url}/token",service="${hub.server.hub.config.service}",scope="repository:alice/pub:pull"`);
    assert.deepEqual(await grantedActions('repository:alice/pub:pull'), []);
    assert.deepEqual(await grantedActions('repository:alice/pub:pull', ['bob', 'bob-pw']), []);
    assert.deepEqual(await grantedActions('repository:alice/pub:pull', ['alice', 'alice-pw']), ['pull']);
  });

  it('issues refresh tokens (docker login identity tokens) and honours them', async () => {
    const form = new URLSearchParams({ grant_type: 'password', username: 'alice', password: 'alice-pw', access_type: 'offline', client_id: 'test', service: 'x', scope: '' });
    const res = await fetch(`${hub.url}/token`, { method: 'POST', body: form });
    const body = (await res.json()) as { refresh_token?: string; access_token?: string };
    assert.ok(body.refresh_token && body.access_token);
    const again = await fetch(`${hub.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: body.refresh_token, scope: 'repository:alice/r:pull,push' }) });
    const token = ((await again.json()) as { access_token: string }).access_token;
    assert.deepEqual((await hub.server.hub.tokens.verify(token))?.access, [{ type: 'repository', name: 'alice/r', actions: ['pull', 'push'] }]);
    const bad = await fetch(`${hub.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'qrt_bogus' }) });
    assert.equal(bad.status, 401);
  });

  it('caps personal access tokens to their scope and stops them on revoke', async () => {
    const create = await fetch(`${hub.url}/api/tokens`, { method: 'POST', body: '{"label":"ci","scope":"read"}', headers: { Authorization: basic('alice', 'alice-pw') } });
    const { id, token: pat } = (await create.json()) as { id: string; token: string };
    assert.deepEqual(await grantedActions('repository:alice/x:pull,push', ['alice', pat]), ['pull']);
    const jwt = await hub.token(['repository:alice/x:pull'], ['alice', pat]);
    assert.equal((await fetch(`${hub.url}/v2/`, { headers: bearer(jwt) })).status, 200);
    const revoke = await fetch(`${hub.url}/api/tokens/${id}`, { method: 'DELETE', headers: { Authorization: basic('alice', 'alice-pw') } });
    assert.equal(revoke.status, 204);
    await assert.rejects(hub.token(['repository:alice/x:pull'], ['alice', pat]), /401/);
    assert.equal((await fetch(`${hub.url}/v2/`, { headers: bearer(jwt) })).status, 401);
  });

  it('lets organisation members push to the organisation namespace', async () => {
    const org = await fetch(`${hub.url}/api/orgs`, { method: 'POST', body: '{"name":"acme"}', headers: { Authorization: basic('alice', 'alice-pw') } });
    assert.equal(org.status, 201);
    assert.deepEqual(await grantedActions('repository:acme/app:push', ['bob', 'bob-pw']), []);
    const add = await fetch(`${hub.url}/api/orgs/acme/members/bob`, { method: 'PUT', headers: { Authorization: basic('alice', 'alice-pw') } });
    assert.equal(add.status, 204);
    assert.deepEqual(await grantedActions('repository:acme/app:push', ['bob', 'bob-pw']), ['push']);
  });

  it('adds users with `quai hub user add` while the hub runs', async () => {
    const bin = join(fileURLToPath(new URL('.', import.meta.url)), '../../../../bin/quai');
    const child = execFile(process.execPath, [bin, 'hub', 'user', 'add', 'carol', '--password-stdin', '--data-root', hub.server.hub.config.dataRoot]);
    child.stdin!.end('carol-pw\n');
    await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)))));
    assert.deepEqual(await grantedActions('repository:carol/x:push', ['carol', 'carol-pw']), ['push']);
  });

  it('searches public repositories in Docker Hub\'s shape', async () => {
    const token = await hub.token(['repository:bob/searchme:pull,push'], ['bob', 'bob-pw']);
    await pushBlob('bob/searchme', token, 'x');
    const res = await fetch(`${hub.url}/v1/search?q=searchme&n=10`);
    const body = (await res.json()) as { num_results: number; results: Array<{ name: string; is_official: boolean }> };
    assert.equal(body.num_results, 1);
    assert.deepEqual(body.results.map((r) => r.name), ['bob/searchme']);
  });
});
