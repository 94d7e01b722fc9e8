// Real builds and a commit on a private engine (root, crun, conmon, overlayfs).
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createEngine, defaultSpec, type Engine } from '@quai/engine';
import { build } from './build.js';
import { BuildCache } from './cache.js';

const busybox = process.env.QUAI_BUSYBOX_TAR ?? resolve(fileURLToPath(import.meta.url), '../../../../build/images/busybox.tar');
let root: string;
let engine: Engine;
let cache: BuildCache;

before(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test needs root (uid 0): run the suite as root');
  if (!existsSync(busybox)) throw new Error(`${busybox} is missing: run library/build.sh busybox`);
  root = await mkdtemp('/tmp/quai-build-int-');
  engine = await createEngine({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
  await engine.start();
  await engine.images.load(createReadStream(busybox));
  cache = new BuildCache(engine.config.dataRoot);
});

after(async () => {
  for (const c of await engine.containers.list({ all: true } as never)) await engine.containers.remove(c.id, { force: true });
  await engine.close();
  await rm(root, { recursive: true, force: true });
});

async function ctx(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  for (const [p, content] of Object.entries(files)) {
    await mkdir(join(dir, p, '..'), { recursive: true });
    await writeFile(join(dir, p), content);
  }
  return dir;
}

function collect() {
  const lines: string[] = [];
  return { lines, out: { stream: (t: string) => { lines.push(t); }, aux: () => {} } };
}

test('build, then a cached rebuild, then a rebuild from the changed COPY', async () => {
  const dir = await ctx('c1', { 'f.txt': 'one', Dockerfile: 'FROM busybox\nENV A=1\nCOPY f.txt /f.txt\nRUN cat /f.txt > /g.txt\n' });
  const first = collect();
  const image = await build(engine, cache, { contextDir: dir, tags: ['int:1'] }, first.out);
  assert.equal(image.layers.length, 3);
  assert.deepEqual(image.config.history!.map((h) => !!h.empty_layer).slice(-3), [true, false, false]);
  assert.ok(first.lines.join('').includes('Successfully tagged int:1'));
  const second = collect();
  assert.equal((await build(engine, cache, { contextDir: dir }, second.out)).id, image.id);
  assert.equal(second.lines.filter((l) => l.includes('Using cache')).length, 3);
  await writeFile(join(dir, 'f.txt'), 'two');
  const third = collect();
  const changed = await build(engine, cache, { contextDir: dir }, third.out);
  assert.notEqual(changed.id, image.id);
  assert.equal(third.lines.filter((l) => l.includes('Using cache')).length, 1);
});

test('a failing RUN throws with the exit code and removes its container', async () => {
  const dir = await ctx('c2', { Dockerfile: 'FROM busybox\nRUN echo out; exit 7\n' });
  const { lines, out } = collect();
  await assert.rejects(build(engine, cache, { contextDir: dir }, out), /returned a non-zero code: 7/);
  assert.ok(lines.join('').includes('out\n'));
  assert.equal((await engine.containers.list({ all: true } as never)).length, 0);
});

test('commit turns a container upper dir into a layer with whiteouts', async () => {
  const { id } = await engine.containers.create({ ...defaultSpec('busybox'), cmd: ['sh', '-c', 'echo hi > /new.txt; rm /bin/vi; mkdir -p /tmp/d; rm -rf /tmp; mkdir /tmp; echo x > /tmp/only'] });
  await engine.containers.start(id);
  await engine.containers.wait(id, 'not-running' as never);
  const image = await engine.images.commitContainer(engine.containers.get(id), { repoTag: 'committed:1', changes: ['CMD ["cat", "/new.txt"]'] });
  assert.deepEqual(image.config.config!.Cmd, ['cat', '/new.txt']);
  const top = engine.images.layerDirs(image)[0]!;
  assert.equal(await readFile(join(top, 'new.txt'), 'utf8'), 'hi\n');
  const { stdout } = await import('node:child_process').then((cp) => new Promise<{ stdout: string }>((ok) =>
    cp.execFile('getfattr', ['-n', 'trusted.overlay.opaque', '--only-values', join(top, 'tmp')], (_e, stdout) => ok({ stdout }))));
  assert.equal(stdout, 'y');
  await engine.containers.remove(id, { force: true });
});
