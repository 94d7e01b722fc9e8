import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@quai/engine';
import { startServer } from './server.js';
import { createLogger } from './logger.js';

const dir = mkdtempSync(join(tmpdir(), 'quai-server-'));
const socket = join(dir, 'api.sock');
// Only routes that never reach the engine are exercised here.
const server = await startServer({} as Engine, [`unix://${socket}`], createLogger('error'));
after(async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); });

function call(method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method, path }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('/_ping answers GET and HEAD with the API version header, with or without a version prefix', async () => {
  for (const path of ['/_ping', '/v1.47/_ping', '/v1.24/_ping', '/v1.22/_ping', '/v1.12/_ping']) {
    const get = await call('GET', path);
    assert.equal(get.status, 200);
    assert.equal(get.body, 'OK');
    assert.equal(get.headers['api-version'], '1.47');
    assert.equal(get.headers['ostype'], 'linux');
  }
  const head = await call('HEAD', '/_ping');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('API versions outside 1.12..1.47 (Docker 20.10 serves 1.12 up) are refused with Docker wording', async () => {
  const old = await call('GET', '/v1.11/_ping');
  assert.equal(old.status, 400);
  assert.match(JSON.parse(old.body).message, /client version 1\.11 is too old\. Minimum supported API version is 1\.12/);
  const future = await call('GET', '/v1.99/_ping');
  assert.equal(future.status, 400);
  assert.match(JSON.parse(future.body).message, /client version 1\.99 is too new\. Maximum supported API version is 1\.47/);
});

test('unknown paths get a 404 with a JSON message', async () => {
  const res = await call('GET', '/v1.47/nothing/here');
  assert.equal(res.status, 404);
  assert.deepEqual(JSON.parse(res.body), { message: 'page not found' });
});
