// Image commands: images, tag, rmi, save/load, inspect, history, prune, import.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { docker, fails, ok, out, useDaemon } from './setup.mjs';

useDaemon();

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const repoTags = async (...filter) => lines(await out(['images', ...filter, '--format', '{{.Repository}}:{{.Tag}}']));

let scratch;
before(() => { scratch = mkdtempSync('/tmp/quai-e2e-images-'); });
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A root filesystem tar made on the host: /bin/busybox plus an `echo` link. */
let tarFile;
function rootfsTar() {
  if (tarFile) return tarFile;
  const root = join(scratch, 'rootfs');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  symlinkSync('busybox', join(root, 'bin/echo'));
  const file = join(scratch, 'rootfs.tar');
  const r = spawnSync('tar', ['-C', root, '-cf', file, '.']);
  assert.equal(r.status, 0, r.stderr?.toString());
  return (tarFile = file);
}

test('images lists busybox', async () => {
  const table = lines(await out(['images']));
  assert.match(table[0], /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.ok(table.some((l) => /^busybox\s+latest\s+[0-9a-f]{12}\s/.test(l)), table.join('\n'));
  assert.ok((await repoTags()).includes('busybox:latest'));
});

test('tag, images <repo>, rmi prints Untagged', async () => {
  await ok(['tag', 'busybox', 'mybox:1']);
  assert.deepEqual(await repoTags('mybox'), ['mybox:1']);
  assert.equal(await out(['image', 'inspect', '-f', '{{.Id}}', 'mybox:1']), await out(['image', 'inspect', '-f', '{{.Id}}', 'busybox']));
  const removed = await out(['rmi', 'mybox:1']);
  assert.match(removed, /^Untagged: mybox:1$/m);
  assert.doesNotMatch(removed, /Deleted:/, 'rmi of one of two tags must not delete the image');
  assert.deepEqual(await repoTags('mybox'), []);
  assert.ok((await repoTags()).includes('busybox:latest'));
});

test('save | load round-trips busybox', async () => {
  const saved = await ok(['save', 'busybox']);
  assert.ok(saved.stdoutBuffer.length > 100_000, `save wrote only ${saved.stdoutBuffer.length} bytes`);
  const loaded = await ok(['load'], { input: saved.stdoutBuffer });
  assert.match(loaded.stdout, /Loaded image: busybox:latest/);
});

test('save, rmi, load brings an image back', async () => {
  await ok(['tag', 'busybox', 'roundtrip:1']);
  const saved = await ok(['save', 'roundtrip:1']);
  await ok(['rmi', 'roundtrip:1']);
  assert.deepEqual(await repoTags('roundtrip'), []);
  assert.match(await out(['load'], { input: saved.stdoutBuffer }), /Loaded image: roundtrip:1/);
  assert.deepEqual(await repoTags('roundtrip'), ['roundtrip:1']);
  assert.equal(await out(['run', '--rm', 'roundtrip:1', 'echo', 'back']), 'back');
  await ok(['rmi', 'roundtrip:1']);
});

test('save -o writes a docker-load archive', async () => {
  const file = join(scratch, 'busybox.tar');
  await ok(['save', '-o', file, 'busybox']);
  assert.ok(statSync(file).size > 100_000);
  const list = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.ok(lines(list.stdout).includes('manifest.json'), list.stdout);
  assert.match(await out(['load', '-i', file]), /Loaded image: busybox:latest/);
});

test('image inspect -f {{.Config.Cmd}} is [sh]', async () => {
  assert.equal(await out(['image', 'inspect', 'busybox', '-f', '{{.Config.Cmd}}']), '[sh]');
});

test('history busybox', async () => {
  const table = lines(await out(['history', 'busybox']));
  assert.match(table[0], /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.ok(table.length >= 2, table.join('\n'));
});

test('import with --change CMD, then run it', async () => {
  const file = rootfsTar();
  const id = await out(['import', '--change', 'CMD ["echo","imported"]', file, 'imported:1']);
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(await out(['image', 'inspect', '-f', '{{json .Config.Cmd}}', 'imported:1']), '["echo","imported"]');
  assert.equal(await out(['run', '--rm', 'imported:1']), 'imported');
  await ok(['rmi', 'imported:1']);
});

test('image prune -f deletes dangling images only', async () => {
  const dangling = await out(['import', rootfsTar()]); // no tag: dangling
  assert.match(dangling, /^sha256:[0-9a-f]{64}$/);
  const pruned = await out(['image', 'prune', '-f']);
  assert.ok(pruned.includes(`deleted: ${dangling}`), pruned);
  assert.match(pruned, /Total reclaimed space:/);
  await fails(['image', 'inspect', dangling], { code: 1 });
  assert.ok((await repoTags()).includes('busybox:latest'));
});

test('rmi of one of several tags of an image a container uses just untags', async (t) => {
  await ok(['tag', 'busybox', 'extra/tag:1']);
  await ok(['create', '--name', 'uses-busybox', 'extra/tag:1', 'true']);
  t.after(() => docker(['rm', '-f', 'uses-busybox']));
  const removed = await out(['rmi', 'extra/tag:1']);
  assert.equal(removed, 'Untagged: extra/tag:1');
  assert.ok((await repoTags()).includes('busybox:latest'));
  // The image's last tag, used by a container, still needs force (as Docker).
  await ok(['tag', 'busybox', 'only/tag:1']);
  const only = await ok(['create', 'only/tag:1', 'true']);
  t.after(() => docker(['rm', '-f', only.stdout.trim()]));
  await ok(['rmi', 'busybox']);
  t.after(() => docker(['tag', 'only/tag:1', 'busybox']));
  await fails(['rmi', 'only/tag:1'], { stderr: /unable to remove repository reference "only\/tag:1" \(must force\) - container [0-9a-f]{12} is using its referenced image/ });
  assert.ok((await repoTags()).includes('only/tag:1'), 'a refused rmi changed nothing');
});

test('rmi of a tag whose image has child images untags; rmi of the id refuses and changes nothing', async (t) => {
  await ok(['build', '-t', 'parent-img:1', '-'], { input: 'FROM busybox\nRUN echo parent > /parent\n', timeoutMs: 60_000 });
  await ok(['build', '-t', 'child-img:1', '-'], { input: 'FROM parent-img:1\nRUN echo child > /child\n', timeoutMs: 60_000 });
  t.after(() => docker(['rmi', 'child-img:1']));
  const parentId = await out(['image', 'inspect', '-f', '{{.Id}}', 'parent-img:1']);
  const removed = await ok(['rmi', 'parent-img:1']);
  assert.equal(removed.stdout.trim(), 'Untagged: parent-img:1', removed.stderr);
  assert.equal(await out(['image', 'inspect', '-f', '{{.Id}}', parentId]), parentId, 'the parent image stays for its child');
  await ok(['tag', parentId, 'parent-img:1']);
  await fails(['rmi', parentId], { stderr: /conflict: unable to delete [0-9a-f]{12} \(cannot be forced\) - image has dependent child images/ });
  assert.deepEqual(await repoTags('parent-img'), ['parent-img:1'], 'a refused rmi keeps the tag');
  await ok(['rmi', 'parent-img:1']);
  assert.equal(await out(['run', '--rm', 'child-img:1', 'cat', '/parent', '/child']), 'parent\nchild');
});

test('load reads the pre-1.10 docker save layout (<id>/json, <id>/layer.tar, repositories)', async (t) => {
  const dir = join(scratch, 'v1-archive');
  const base = 'a'.repeat(64);
  const child = 'b'.repeat(64);
  mkdirSync(join(dir, base), { recursive: true });
  mkdirSync(join(dir, child), { recursive: true });
  mkdirSync(join(scratch, 'v1-child-layer'), { recursive: true });
  copyFileSync(rootfsTar(), join(dir, base, 'layer.tar'));
  writeFileSync(join(scratch, 'v1-child-layer', 'hello.txt'), 'from a pre-1.10 archive\n');
  assert.equal(spawnSync('tar', ['-C', join(scratch, 'v1-child-layer'), '-cf', join(dir, child, 'layer.tar'), 'hello.txt']).status, 0);
  const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
  const v1 = (id, fields) => JSON.stringify({ id, docker_version: '1.9.1', architecture: 'amd64', os: 'linux', Size: 0, ...fields });
  writeFileSync(join(dir, base, 'json'), v1(base, {
    created: '2015-11-01T10:00:00.5Z', container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file:rootfs in /'] }, config: { Env: env, Cmd: null },
  }));
  writeFileSync(join(dir, child, 'json'), v1(child, {
    parent: base, created: '2015-11-01T10:00:01Z', author: 'old docker',
    container_config: { Cmd: ['/bin/sh', '-c', '#(nop) CMD ["/bin/busybox" "cat" "/hello.txt"]'] },
    config: { Env: env, Cmd: ['/bin/busybox', 'cat', '/hello.txt'] },
  }));
  for (const id of [base, child]) writeFileSync(join(dir, id, 'VERSION'), '1.0');
  writeFileSync(join(dir, 'repositories'), JSON.stringify({ 'legacy/old': { v1: child } }));
  const file = join(scratch, 'v1.tar');
  assert.equal(spawnSync('tar', ['-C', dir, '-cf', file, 'repositories', base, child]).status, 0);

  const visibleBefore = lines(await out(['images', '-q'])).length;
  const loaded = await out(['load', '-i', file]);
  assert.equal(loaded, 'Loaded image: legacy/old:v1');
  t.after(() => docker(['rmi', 'legacy/old:v1']));
  assert.equal(await out(['run', '--rm', 'legacy/old:v1']), 'from a pre-1.10 archive');
  const history = lines(await out(['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Comment}}', 'legacy/old:v1']));
  assert.deepEqual(history, ['/bin/sh -c #(nop) CMD ["/bin/busybox" "cat" "/hello.txt"]|', '/bin/sh -c #(nop) ADD file:rootfs in /|']);
  assert.equal(await out(['image', 'inspect', '-f', '{{.Author}} {{len .RootFS.Layers}}', 'legacy/old:v1']), 'old docker 2');
  // The base is the loaded image's parent: listed with -a only, as Docker does.
  assert.equal(lines(await out(['images', '-q'])).length, visibleBefore + 1);
  const parentId = await out(['image', 'inspect', '-f', '{{.Parent}}', 'legacy/old:v1']);
  assert.match(parentId, /^sha256:[0-9a-f]{64}$/);
  assert.ok(lines(await out(['images', '-aq', '--no-trunc'])).includes(parentId));
});

test('docker info counts the images docker images lists (not tags, not hidden parents)', async (t) => {
  await ok(['build', '-t', 'counted:1', '-'], { input: 'FROM busybox\nRUN echo a > /a\nRUN echo b > /b\n', timeoutMs: 60_000 });
  await ok(['tag', 'counted:1', 'counted:2']);
  const dangling = await out(['import', rootfsTar()]);
  t.after(() => docker(['rmi', 'counted:1', 'counted:2', dangling]));
  const listed = new Set(lines(await out(['images', '-q', '--no-trunc'])));
  assert.ok(lines(await out(['images', '-aq', '--no-trunc'])).length > listed.size, 'the build left hidden parents');
  assert.equal(Number(await out(['info', '--format', '{{.Images}}'])), listed.size);
});
