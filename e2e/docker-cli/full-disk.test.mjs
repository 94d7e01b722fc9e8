// A full disk, as a user meets it: the daemon's data root is a small ext4
// file system that a test fills to the last byte (again before each step).
// Stopping and removing still work, creating says "no space left on device"
// (never ENOENT), the daemon starts on the full disk, and no record is lost.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive, waitFor } from '@quai/testkit';
import { docker, fails, ok, out, useDaemon } from './setup.mjs';

const ctx = useDaemon({
  prepare(daemon) {
    const image = join(daemon.dir, 'disk.img');
    execFileSync('truncate', ['-s', '96M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
    mkdirSync(daemon.dataRoot);
    execFileSync('mount', ['-o', 'loop', image, daemon.dataRoot]); // unmounted (and the loop freed) by daemon.stop()
  },
});

/** Writes into the data root until the file system refuses even a byte more. */
let fills = 0;
function fillDisk() {
  const dir = join(ctx.daemon.dataRoot, 'filler');
  mkdirSync(dir, { recursive: true });
  for (const chunk of [1 << 20, 4096, 1]) {
    let fd;
    try {
      fd = openSync(join(dir, `${++fills}`), 'w');
      const bytes = Buffer.alloc(chunk);
      for (;;) writeSync(fd, bytes);
    } catch (err) {
      if (err.code !== 'ENOSPC') throw err;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  execFileSync('sync');
}

const freeDisk = () => rmSync(join(ctx.daemon.dataRoot, 'filler'), { recursive: true, force: true });
const NO_SPACE = /no space left on device/;

test('on a full disk: stop, rm, volume rm and rmi work; create, volume create and build say why they cannot', async (t) => {
  t.after(freeDisk);
  await ok(['run', '-d', '--name', 'to-stop', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'to-remove', 'busybox', 'sleep', '300']);
  await ok(['volume', 'create', 'to-drop']);
  await ok(['build', '-q', '-t', 'to-delete', '-'], { input: 'FROM busybox\nRUN head -c 100000 /dev/urandom > /blob\n' });

  fillDisk();
  const create = await fails(['create', 'busybox', 'true'], { stderr: NO_SPACE });
  assert.doesNotMatch(create.stderr, /no such file or directory|ENOENT/);
  await fails(['volume', 'create', 'new-volume'], { stderr: NO_SPACE });
  const build = await docker(['build', '-t', 'never', '-'], { input: 'FROM busybox\nRUN echo hi > /x\n' });
  assert.notEqual(build.code, 0);
  assert.match(build.stdout + build.stderr, NO_SPACE);

  fillDisk();
  await ok(['stop', '-t', '1', 'to-stop']);
  assert.equal(await out(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'to-stop']), 'exited 137');
  fillDisk();
  await ok(['rm', '-f', 'to-remove']);
  fillDisk();
  await ok(['volume', 'rm', 'to-drop']);
  fillDisk();
  const rmi = await ok(['rmi', 'to-delete']);
  assert.match(rmi.stdout, /Untagged: to-delete:latest[\s\S]*Deleted: sha256:/);

  assert.deepEqual((await out(['ps', '-a', '--format', '{{.Names}}'])).split('\n'), ['to-stop']);
  assert.equal(await out(['volume', 'ls', '-q']), '');
  assert.equal(await out(['images', '-q', 'to-delete']), '');
});

test('the daemon starts on a full disk, applies what happened meanwhile, and loses no record', async (t) => {
  t.after(freeDisk);
  await ok(['run', '-d', '--name', 'ends-while-down', 'busybox', 'sh', '-c', 'sleep 2; exit 7']);
  await ok(['run', '-d', '--name', 'keeps-running', 'busybox', 'sleep', '300']);
  const pid = Number(await out(['inspect', '-f', '{{.State.Pid}}', 'ends-while-down']));
  await ctx.daemon.kill9();
  assert.ok(await waitFor(() => !isAlive(pid), 15_000));
  fillDisk();
  await ctx.daemon.start();

  assert.equal(await out(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'ends-while-down']), 'exited 7');
  assert.equal(await out(['inspect', '-f', '{{.State.Status}}', 'keeps-running']), 'running');
  assert.equal(await out(['inspect', '-f', '{{.State.Status}}', 'to-stop']), 'exited', 'the record of the first test is intact');
  await ok(['stop', '-t', '1', 'keeps-running']);
  await ok(['rm', 'ends-while-down', 'keeps-running']);

  // Once the disk has room again, everything works as before, across a restart too.
  freeDisk();
  await ctx.daemon.restart();
  assert.deepEqual((await out(['ps', '-a', '--format', '{{.Names}} {{.Status}}'])).split('\n').map((l) => l.split(' ')[0]), ['to-stop']);
  assert.equal(await out(['run', '--rm', 'busybox', 'echo', 'room again']), 'room again');
});
