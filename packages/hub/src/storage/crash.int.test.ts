/**
 * kill -9 of the hub in the middle of an upload: committed blobs survive
 * whole, the half upload never becomes a blob, and pushing again works.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { digestOf } from '../test-hub.js';

const bin = join(fileURLToPath(new URL('.', import.meta.url)), '../../../../bin/quai');
const dir = mkdtempSync(join(tmpdir(), 'quai-hub-crash-'));
let child: ChildProcess | undefined;

after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startHubProcess(): Promise<string> {
  child = spawn(process.execPath, [bin, 'hub', '--listen', '127.0.0.1:0', '--data-root', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    child!.stderr!.on('data', (c: Buffer) => {
      log += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`hub exited ${code}: ${log}`)));
  });
}

describe('hub crash safety', () => {
  it('loses nothing committed when killed mid-upload', async () => {
    const add = spawn(process.execPath, [bin, 'hub', 'user', 'add', 'alice', '--password-stdin', '--data-root', dir], { stdio: ['pipe', 'ignore', 'inherit'] });
    add.stdin!.end('pw\n');
    await new Promise((r) => add.once('exit', r));
    let url = await startHubProcess();
    const auth = { Authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` };
    const kept = Buffer.alloc(3 << 20, 7);
    const res = await fetch(`${url}/v2/alice/c/blobs/uploads/?digest=${digestOf(kept)}`, { method: 'POST', body: new Uint8Array(kept), headers: auth });
    assert.equal(res.status, 201);

    // Half of a 4 MiB blob, then kill -9 while the request is still open.
    const big = Buffer.alloc(4 << 20, 9);
    const u = new URL(`${url}/v2/alice/c/blobs/uploads/?digest=${digestOf(big)}`);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { ...auth, 'Content-Length': big.length } });
    req.on('error', () => {});
    req.write(big.subarray(0, 2 << 20));
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGKILL');
    await exited;
    req.destroy();

    url = await startHubProcess();
    const got = await fetch(`${url}/v2/alice/c/blobs/${digestOf(kept)}`, { headers: auth });
    assert.equal(got.status, 200);
    assert.equal(digestOf(Buffer.from(await got.arrayBuffer())), digestOf(kept));
    assert.equal((await fetch(`${url}/v2/alice/c/blobs/${digestOf(big)}`, { method: 'HEAD', headers: auth })).status, 404);
    const again = await fetch(`${url}/v2/alice/c/blobs/uploads/?digest=${digestOf(big)}`, { method: 'POST', body: new Uint8Array(big), headers: auth });
    assert.equal(again.status, 201);
    child!.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  });
});
