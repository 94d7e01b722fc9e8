/**
 * `quai hub --database postgresql:///db?host=/socket/dir` as an operator runs
 * it: the server and `quai hub user add` share the database, and a bad URL
 * or an unreachable server fails fast with a message.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres, type TestPostgres } from './metadata/test-postgres.js';

const bin = join(fileURLToPath(new URL('.', import.meta.url)), '../../../bin/quai');
let pg: TestPostgres;
let dir: string;
let hub: ChildProcess | undefined;

function quai(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(input);
  });
}

before(async () => {
  pg = await startTestPostgres();
  dir = mkdtempSync(join(tmpdir(), 'quai-hub-pg-'));
}, { timeout: 60_000 });
after(async () => {
  if (hub && hub.exitCode === null) {
    const gone = new Promise((r) => hub!.once('exit', r));
    hub.kill('SIGTERM');
    await gone;
  }
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('quai hub --database postgres', () => {
  it('serves with metadata in PostgreSQL; user add writes to the same database', async () => {
    const database = await pg.createDatabase();
    const dataRoot = join(dir, 'root');
    hub = spawn(process.execPath, [bin, 'hub', '--listen', '127.0.0.1:0', '--data-root', dataRoot, '--database', database], { stdio: ['ignore', 'ignore', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let log = '';
      hub!.stderr!.on('data', (c: Buffer) => {
        log += c;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+).*metadata postgres/.exec(log);
        if (m) resolve(m[1]!);
      });
      hub!.once('exit', (code) => reject(new Error(`hub exited ${code}: ${log}`)));
    });
    const add = await quai(['hub', 'user', 'add', 'dora', '--password-stdin', '--data-root', dataRoot, '--database', database], 'dora-pw\n');
    assert.equal(add.code, 0, add.stderr);
    const token = await fetch(`${url}/token?service=${encodeURIComponent(url.slice(7))}&scope=repository:dora/x:pull,push`,
      { headers: { Authorization: `Basic ${Buffer.from('dora:dora-pw').toString('base64')}` } });
    assert.equal(token.status, 200);
    const dup = await quai(['hub', 'user', 'add', 'dora', '--password-stdin', '--data-root', dataRoot, '--database', database], 'x\n');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
  });

  it('fails with a message on a bad --database', async () => {
    const bad = await quai(['hub', 'user', 'add', 'x1', '--password-stdin', '--data-root', join(dir, 'r2'), '--database', 'mysql://nope'], 'pw\n');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unsupported --database/);
    const down = await quai(['hub', 'user', 'add', 'x1', '--password-stdin', '--data-root', join(dir, 'r2'), '--database', `postgresql:///nope?host=${encodeURIComponent(join(dir, 'no-socket'))}`], 'pw\n');
    assert.notEqual(down.code, 0);
    assert.match(down.stderr, /ENOENT|connect/);
  });
});
