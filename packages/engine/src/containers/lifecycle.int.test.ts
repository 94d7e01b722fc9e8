/**
 * The container lifecycle on the real runtime: conmon + crun, overlayfs,
 * cgroups. Needs root and the official busybox archive (library/build.sh).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, access } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createEngine, type Engine } from '../engine.js';
import type { LogEntry } from './logs.js';
import { defaultSpec } from './container-spec.js';

const repo = resolve(fileURLToPath(import.meta.url), '../../../../..');
const busyboxTar = join(repo, 'build/images/busybox.tar');
let engine: Engine;
let root = '';

before(async () => {
  assert.equal(process.getuid?.(), 0, 'integration tests need root');
  await access(busyboxTar).catch(() => assert.fail(`missing ${busyboxTar}: run library/build.sh busybox`));
  root = await mkdtemp(join(tmpdir(), 'quai-engine-'));
  engine = await createEngine({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
  await engine.start();
  await engine.images.load(createReadStream(busyboxTar), () => {});
});

after(async () => {
  for (const c of await engine.containers.list({ all: true })) await engine.containers.remove(c.id, { force: true });
  await engine.close();
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4]).filter((m) => m?.startsWith(root));
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m!]);
  await rm(root, { recursive: true, force: true });
});

async function collect(gen: AsyncGenerator<LogEntry>): Promise<string> {
  let out = '';
  for await (const e of gen) out += `${e.stream}:${e.data}`;
  return out;
}

test('run to completion: output, exit code, logs, then removal', async () => {
  const { id } = await engine.containers.create({ ...defaultSpec('busybox'), cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }, 'lifecycle-1');
  const output = await engine.containers.attachOutput(id, { stdout: true, stderr: true });
  const exit = engine.containers.wait(id, 'next-exit');
  await engine.containers.start(id);
  assert.equal(await exit, 3);
  assert.equal(await collect(output), 'stdout:out\nstderr:err\n');
  const c = engine.containers.get('lifecycle-1');
  assert.equal(c.state.status, 'exited');
  assert.equal(c.state.exitCode, 3);
  const logs = await collect(engine.containers.logs(id, { stdout: true, stderr: false, follow: false }));
  assert.equal(logs, 'stdout:out\n');
  await engine.containers.remove(id, {});
  assert.throws(() => engine.containers.get(id), /No such container/);
});

test('stop sends the signal, then kills after the timeout', async () => {
  const { id } = await engine.containers.create({ ...defaultSpec('busybox'), cmd: ['sleep', '300'] }, 'lifecycle-2');
  await engine.containers.start(id);
  assert.equal(engine.containers.get(id).state.status, 'running');
  await assert.rejects(engine.containers.remove(id, {}), /container is running/);
  const t0 = Date.now();
  await engine.containers.stop(id, { timeout: 1 });
  assert.ok(Date.now() - t0 < 5000);
  const c = engine.containers.get(id);
  assert.equal(c.state.status, 'exited');
  assert.equal(c.state.exitCode, 137);
});

test('a missing executable fails the start with Docker wording and exit code 127', async () => {
  const { id } = await engine.containers.create({ ...defaultSpec('busybox'), cmd: ['/no/such/binary'] }, 'lifecycle-3');
  await assert.rejects(engine.containers.start(id), /executable file not found/);
  assert.equal(engine.containers.get(id).state.exitCode, 127);
});
