/** Over TLS the session cookie is Secure (as well as HttpOnly and SameSite=Lax). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type HubServer } from '../server.js';

let dir: string;
let hub: HubServer;

function post(path: string, body: string, cookie: string): Promise<{ status: number; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(`${hub.url}${path}`, {
      method: 'POST', rejectUnauthorized: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, 'Content-Length': Buffer.byteLength(body) },
    }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] })); });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quai-hub-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'], { stdio: 'ignore' });
  hub = await startHub({ dataRoot: join(dir, 'root'), port: 0, log: () => {}, tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } });
  await hub.hub.users.add('alice', 'alice-pw');
});
after(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web sessions over TLS', () => {
  it('sets Secure, HttpOnly, SameSite=Lax cookies', async () => {
    const csrf = 'a'.repeat(43);
    const res = await post('/login', `name=alice&password=alice-pw&_csrf=${csrf}`, `quai_csrf=${csrf}`);
    assert.equal(res.status, 303);
    const session = res.cookies.find((c) => c.startsWith('quai_session='));
    assert.ok(session, res.cookies.join(' | '));
    assert.match(session!, /; HttpOnly/);
    assert.match(session!, /; SameSite=Lax/);
    assert.match(session!, /; Secure/);
  });
});
