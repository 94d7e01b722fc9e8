// The escape suite of the in-root seam: every way a path from an image, a
// context or a container has been used to leave its root, against each
// operation. `outside` holds a secret and must end the suite untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanPath, openRoot, withRoot, type InRoot } from './in-root.js';

let base = '';
let rootDir = '';
let outside = '';

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'quai-in-root-'));
  rootDir = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(rootDir, 'etc'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret'), 'host secret\n');
  await writeFile(join(rootDir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  await writeFile(join(rootDir, 'secret'), 'inside\n');
  // Every shape of link out of the root:
  await symlink('/', join(rootDir, 'abs-root'));                       // absolute, to /
  await symlink(outside, join(rootDir, 'abs-out'));                    // absolute, to a host dir
  await symlink('../../../../../../..', join(rootDir, 'climb'));       // relative, climbing out
  await symlink('../outside', join(rootDir, 'etc', 'up'));             // relative, one level out
  await symlink(join(outside, 'secret'), join(rootDir, 'file-out'));   // absolute, to a host file
  await symlink('loop-b', join(rootDir, 'loop-a'));                    // a loop
  await symlink('loop-a', join(rootDir, 'loop-b'));
});

after(async () => {
  assert.deepEqual(readdirSync(outside), ['secret'], 'nothing was written outside the root');
  assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'host secret\n');
  await rm(base, { recursive: true, force: true });
});

const escapes = ['../outside/secret', '../../../../outside/secret', 'abs-out/secret', 'climb/outside/secret', 'etc/up/secret', 'file-out', `abs-root${join(base, 'outside/secret')}`, `climb${join(base, 'outside/secret')}`];

test('cleanPath: lexical, relative, never above the root', () => {
  assert.equal(cleanPath('/etc/../etc/./passwd'), 'etc/passwd');
  assert.equal(cleanPath('../../x/'), 'x');
  assert.equal(cleanPath('/'), '');
  assert.equal(cleanPath(''), '');
});

test('in-root: reads through `..`, absolute and climbing symlinks stay in the root', async () => {
  await withRoot(rootDir, async (root) => {
    for (const path of escapes) {
      const got = await root.readFile(path).then((b) => b.toString(), (err: NodeJS.ErrnoException) => err.code);
      assert.notEqual(got, 'host secret\n', path);
    }
    // Clamped to the root, as in a chroot: the root's own files.
    assert.equal((await root.readFile('../../secret')).toString(), 'inside\n');
    assert.equal((await root.readFile('climb/secret')).toString(), 'inside\n');
    assert.equal((await root.readFile('abs-root/etc/passwd')).toString(), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal((await root.readFile('climb/etc/passwd')).toString(), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(await root.realPath('climb/etc'), '/etc');
    // Dangling links: where they would lead inside the root.
    assert.equal(await root.realPath('abs-out'), outside);
    assert.equal(await root.realPath('climb/etc/up'), '/outside');
  });
});

test('in-root: loops and magic links fail cleanly', async () => {
  await withRoot(rootDir, async (root) => {
    await assert.rejects(root.readFile('loop-a'), { code: 'ELOOP' });
    await assert.rejects(root.stat('loop-a/x', true), { code: 'ELOOP' });
    assert.equal((await root.stat('loop-a')).isSymbolicLink(), true);
  });
  // /proc/self/root jumps to the host's root whatever root it is reached from: refused.
  await withRoot('/proc', async (proc) => {
    await assert.rejects(proc.readFile('self/root/etc/hostname'), { code: 'ELOOP' });
    await assert.rejects(proc.stat('self/cwd', true), { code: 'ELOOP' });
  });
});

test('in-root: creating, linking and removing through escaping links stays in the root', async () => {
  await withRoot(rootDir, async (root) => {
    for (const dir of ['abs-out', 'climb/outside', 'etc/up', `abs-root${outside}`]) {
      await root.mkdirAll(`${dir}/made`, 0o755).catch(() => {});
      const handle = await root.create(`${dir}/written`, 0o644).catch(() => undefined);
      await handle?.writeFile('x');
      await handle?.close();
      await root.symlink('/etc/shadow', `${dir}/sym`).catch(() => {});
      await root.link('file-out', `${dir}/hard`).catch(() => {});
      await root.remove(`${dir}/secret`);
      await root.chmod(`${dir}/secret`, 0o777).catch(() => {});
      await root.lchown(`${dir}/secret`, 1, 1).catch(() => {});
    }
    await root.remove('abs-out');
    await root.remove('file-out');
    await assert.rejects(root.remove('/'));
    // The link went, not what it pointed to.
    assert.equal(existsSync(outside), true);
    await root.symlink(outside, 'abs-out');
    await root.symlink(join(outside, 'secret'), 'file-out');
  });
});

test('in-root: a hard link to an escaping symlink links the symlink itself', async () => {
  await withRoot(rootDir, async (root) => {
    await root.link('file-out', 'hard-to-link');
    assert.equal((await root.stat('hard-to-link')).isSymbolicLink(), true);
    await assert.rejects(root.readFile('hard-to-link'), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    await root.remove('hard-to-link');
  });
});

test('in-root: openRead refuses fifos and devices; create refuses an existing entry', async () => {
  await withRoot(rootDir, async (root) => {
    await assert.rejects(root.openRead('etc'), { code: 'EISDIR' });
    await assert.rejects(root.create('file-out', 0o644), { code: 'EEXIST' });
    await assert.rejects(root.create('secret', 0o644), { code: 'EEXIST' });
  });
  const dev = openRoot('/dev');
  try {
    await assert.rejects(dev.openRead('null'), { code: 'EINVAL' });
  } finally {
    dev.close();
  }
});

test('in-root: mkdirAll follows links inside the root and refuses a file in the way', async () => {
  await withRoot(rootDir, async (root) => {
    await root.mkdirAll('/climb/var/lib/app', 0o755);
    assert.equal(existsSync(join(rootDir, 'var/lib/app')), true);
    await assert.rejects(root.mkdirAll('/secret/x', 0o755), { code: 'ENOTDIR' });
    await assert.rejects(root.mkdirAll('/loop-a/x', 0o755), { code: 'ELOOP' });
    await root.remove('/var');
    // Through a dangling link out of the root: made where it leads inside.
    await root.mkdirAll('/abs-out/deep/made', 0o700);
    assert.equal(existsSync(join(rootDir, outside, 'deep/made')), true);
    assert.equal((await root.stat(`${outside}/deep/made`)).mode & 0o777, 0o700);
    await root.remove(`/${outside.split('/')[1]}`);
  });
});

test('in-root, symlinks refused: a parent that is a symlink is an error, not a detour', async () => {
  await withRoot(rootDir, async (root) => {
    await assert.rejects(root.create('abs-root/x', 0o644), { code: 'ELOOP' });
    await assert.rejects(root.mkdir('etc/up/x', 0o755), { code: 'ELOOP' });
    assert.equal((await root.readFile('etc/passwd')).length > 0, true);
  }, { symlinks: 'refuse' });
});

test('in-root: a directory swapped for a symlink to the host while we work never leads out', async () => {
  // A second process flips root/flip between a directory and a link out of
  // the root (absolute or climbing) as fast as it can, while we read and write through it.
  const flip = join(rootDir, 'flip');
  // Each flipper builds under a name of its own and renames into place, so
  // it never writes through the other's link itself.
  const script = `
    const fs = require('fs');
    const [flip, target, n] = process.argv.slice(1);
    const stage = flip + '.stage' + n, trash = flip + '.trash' + n;
    for (;;) {
      try { fs.mkdirSync(stage); fs.writeFileSync(stage + '/secret', 'inside\\n'); fs.renameSync(stage, flip); } catch {}
      try { fs.renameSync(flip, trash); } catch {}
      try { fs.rmSync(stage, { recursive: true, force: true }); fs.rmSync(trash, { recursive: true, force: true }); } catch {}
      try { fs.symlinkSync(target, stage); fs.renameSync(stage, flip); } catch {}
      try { fs.renameSync(flip, trash); fs.rmSync(trash, { recursive: true, force: true }); } catch {}
    }`;
  const flippers = [outside, '../../../../../../../..' + outside].map((target, n) =>
    spawn(process.execPath, ['-e', script, flip, target, String(n)], { stdio: 'ignore' }));
  let reads = 0;
  let writes = 0;
  try {
    await withRoot(rootDir, async (root: InRoot) => {
      for (let i = 0; i < 2000; i++) {
        const got = await root.readFile('flip/secret').then((b) => b.toString(), () => '');
        if (got) reads++;
        assert.notEqual(got, 'host secret\n', `read the host's file on try ${i}`);
        const handle = await root.create(`flip/w${i}`, 0o644).catch(() => undefined);
        if (handle) { writes++; await handle.close(); }
        await root.mkdirAll(`flip/d${i}/sub`, 0o755).catch(() => {});
      }
    });
  } finally {
    for (const f of flippers) f.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
    for (const name of readdirSync(rootDir)) if (name.startsWith('flip')) await rm(join(rootDir, name), { recursive: true, force: true });
  }
  assert.deepEqual(readdirSync(outside), ['secret']);
  // The race ran both ways: some operations landed in the directory.
  assert.ok(reads + writes > 0, 'the flipping directory was never hit');
});
