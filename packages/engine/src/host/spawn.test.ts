import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { spawnProcess, streamClosed } from './spawn.js';

function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return streamClosed(stream).then(() => Buffer.concat(chunks).toString());
}

test('spawnProcess: stdin reaches the program, stdout and the exit code come back', async () => {
  const child = spawnProcess('/bin/sh', ['-c', 'cat; exit 5'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdio[0]!.end('through a pipe\n');
  const [out, status] = await Promise.all([text(child.stdio[1]!), child.exited]);
  assert.equal(out, 'through a pipe\n');
  assert.deepEqual(status, { code: 5, signal: null });
});

test('spawnProcess: a killed program reports its signal; fd 3 is a two-way channel', async () => {
  const child = spawnProcess('/bin/sh', ['-c', 'echo ready >&3; read line <&3; echo "got $line"; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore', 'pipe'] });
  const control = child.stdio[3]!;
  await new Promise<void>((resolve) => control.once('data', () => resolve()));
  control.write('hello\n');
  const out = text(child.stdio[1]!);
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGKILL');
  assert.deepEqual(await child.exited, { code: null, signal: 'SIGKILL' });
  assert.equal(await out, 'got hello\n');
  control.destroy();
});

test('spawnProcess: a missing program is an error at once', () => {
  assert.throws(() => spawnProcess('/no/such/program', [], { stdio: ['ignore', 'ignore', 'ignore'] }), /No such file|ENOENT/);
});

test('spawnProcess: the program runs in the directory asked for, the daemon\'s own stays put', async () => {
  const before = process.cwd();
  const child = spawnProcess('/bin/pwd', [], { stdio: ['ignore', 'pipe', 'ignore'], cwd: '/usr/share' });
  const [out, status] = await Promise.all([text(child.stdio[1]!), child.exited]);
  assert.equal(out, '/usr/share\n');
  assert.equal(status.code, 0);
  assert.equal(process.cwd(), before);
});
