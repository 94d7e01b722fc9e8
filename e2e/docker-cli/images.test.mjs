// Image commands: images, tag, rmi, save/load, inspect, history, prune, import.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
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
