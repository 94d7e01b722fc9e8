// Paths from a container, an image or a build context never reach the
// host: each case attacks one boundary with the real docker CLI and checks
// that no host file was read or written (issue 10, "Trust boundaries").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { apiRequest } from '@quai/testkit';
import { docker, fails, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();

/** A tar of { name, type, content, linkname } entries, as an attacker would craft it. */
async function tarOf(items) {
  const pack = tar.pack();
  for (const { name, type = 'file', content = '', linkname } of items) {
    await new Promise((resolve, reject) => pack.entry({ name, type, linkname, mode: 0o644 }, content, (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  const chunks = [];
  for await (const c of pack) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A host directory holding a secret; nothing may be added to it, nor read from it. */
async function hostBait(t) {
  const dir = await mkdtemp(join(tmpdir(), 'quai-bait-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'secret'), 'HOST-SECRET\n');
  return dir;
}

async function assertUntouched(dir) {
  assert.deepEqual(await readdir(dir), ['secret'], `a file was written into the host's ${dir}`);
  assert.equal(await readFile(join(dir, 'secret'), 'utf8'), 'HOST-SECRET\n');
}

/**
 * A container that flips /w/d between a directory (holding `secret`) and a
 * symlink to the host's bait directory as fast as it can: the
 * CVE-2018-15664 pattern. Resolved on the host, the link leads out.
 */
async function flipper(t, name, bait) {
  removeAfter(t, name);
  await ok(['run', '-d', '--name', name, 'busybox', 'sh', '-c',
    `mkdir -p /w; while :; do mkdir /w/d; echo container > /w/d/secret; rm -rf /w/d; ln -s ${bait} /w/d; rm -f /w/d; done`]);
}

test('docker cp into a container racing a directory against a link to the host writes nothing on the host', async (t) => {
  const bait = await hostBait(t);
  await flipper(t, 'race-in', bait);
  const src = await mkdtemp(join(tmpdir(), 'quai-cp-src-'));
  t.after(() => rm(src, { recursive: true, force: true }));
  // Many entries below d/: each one is a fresh chance to be led out.
  await mkdir(join(src, 'd'));
  for (let i = 0; i < 200; i++) await writeFile(join(src, 'd', `f${i}`), `${i}\n`);
  for (let i = 0; i < 15; i++) {
    await docker(['cp', join(src, 'd'), 'race-in:/w/']);
    await docker(['cp', join(src, 'd', 'f1'), 'race-in:/w/d/']);
  }
  await assertUntouched(bait);
});

test('docker cp out of a container racing a directory against a link to the host never reads host files', async (t) => {
  const bait = await hostBait(t);
  await flipper(t, 'race-out', bait);
  let copies = 0;
  for (let i = 0; i < 60; i++) {
    for (const path of ['race-out:/w', 'race-out:/w/d/secret']) {
      const r = await docker(['cp', path, '-']);
      if (r.code === 0) copies++;
      assert.ok(!r.stdoutBuffer.includes('HOST-SECRET'), `docker cp ${path} read the host's secret`);
    }
  }
  assert.ok(copies > 0, 'no copy succeeded');
  await assertUntouched(bait);
});

/** A build context dir from { path: content }, plus symlinks { path: target }. */
async function context(t, files, links = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'quai-ctx-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(links)) await symlink(target, join(dir, path));
  return dir;
}

const build = (dir, ...args) => docker(['build', ...args, dir], { timeoutMs: 60_000 });

test('build: COPY through a context symlink that climbs out reads the context, never the host', async (t) => {
  const bait = await hostBait(t);
  const dir = await context(t, {
    'secret': 'context secret\n',
    Dockerfile: `FROM busybox\nCOPY up${bait}/secret /got\n`,
  }, { up: '../../../../../../../..' });
  const r = await build(dir, '-t', 'ps-climb');
  assert.notEqual(r.code, 0, `the host's file was copied:\n${r.stdout}`);
  assert.match(r.stderr, /COPY failed: file not found in build context or excluded by \.dockerignore: stat up\/.*\/secret: file does not exist/);

  // Followed inside the context, as Docker does: up/ is the context's own root.
  await symlink(`/${'../'.repeat(6)}secret`, join(dir, 'abs-link'));
  await writeFile(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY up/secret abs-link /got/\n');
  const built = await build(dir, '-t', 'ps-climb');
  assert.equal(built.code, 0, built.stderr);
  t.after(() => docker(['rmi', '-f', 'ps-climb']));
  assert.equal(await out(['run', '--rm', 'ps-climb', 'cat', '/got/secret', '/got/abs-link']), 'context secret\ncontext secret');
});

test('build: a source or a Dockerfile outside the context is refused in Docker\'s words', async (t) => {
  const dir = await context(t, { 'a.txt': 'a\n', Dockerfile: 'FROM busybox\nCOPY ../../../../../etc/hostname /got\n' });
  const r = await build(dir, '-t', 'ps-outside');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Forbidden path outside the build context: \.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname \(\)/);

  // The raw API: ?dockerfile= names a path, which stays inside the context.
  const tar = execFileSync('tar', ['-c', '-C', dir, '.']);
  for (const dockerfile of ['../../../../etc/hostname', '/../../etc/hostname']) {
    const res = await apiRequest(ctx.daemon.socket, { method: 'POST', path: `/build?dockerfile=${encodeURIComponent(dockerfile)}`,
      body: tar, headers: { 'Content-Type': 'application/x-tar' } });
    assert.ok(res.status >= 400, `${dockerfile}: ${res.status} ${res.body}`);
    assert.match(res.body, dockerfile.startsWith('/') ? /Cannot locate specified Dockerfile/ : /Forbidden path outside the build context/);
  }
  // A Dockerfile that is a link to a host file: followed inside the context only.
  const linked = await apiRequest(ctx.daemon.socket, { method: 'POST', path: '/build',
    body: await tarOf([{ name: 'Dockerfile', type: 'symlink', linkname: '/etc/hostname' }]), headers: { 'Content-Type': 'application/x-tar' } });
  assert.ok(linked.status >= 400, `${linked.status} ${linked.body}`);
  assert.match(linked.body, /Cannot locate specified Dockerfile: Dockerfile/);
});

test('build: a context is a plain tar: files named like whiteouts are files, and remove nothing', async (t) => {
  const dir = await context(t, {
    '.wh.plain': 'not a whiteout\n',
    'sub/keep': 'kept\n',
    'sub/.wh...': 'dots\n',
    'sub/.wh..': 'dot\n',
    // Renamed on the way in: a `.wh.` name inside an image layer is a whiteout by the OCI spec.
    Dockerfile: 'FROM busybox\nCOPY .wh.plain /app/plain\nCOPY sub/.wh... /app/dots\nCOPY sub/.wh.. /app/dot\nCOPY sub/keep /app/keep\n',
  });
  const r = await build(dir, '-t', 'ps-wh');
  assert.equal(r.code, 0, r.stderr);
  t.after(() => docker(['rmi', '-f', 'ps-wh']));
  assert.equal(await out(['run', '--rm', 'ps-wh', 'cat', '/app/plain', '/app/keep', '/app/dots', '/app/dot']),
    'not a whiteout\nkept\ndots\ndot');
});

test('build: ADD of a local archive is unpacked inside the image, links in it lead nowhere', async (t) => {
  const bait = await hostBait(t);
  const dir = await context(t, { Dockerfile: 'FROM busybox\nADD evil.tar /x/\nRUN ls -la /x /x/esc/ && cat /x/ok\n' });
  // esc → the host's bait dir, then a file written through it; a hard link to a host file.
  await writeFile(join(dir, 'evil.tar'), await tarOf([
    { name: 'ok', content: 'inside\n' },
    { name: 'esc', type: 'symlink', linkname: bait },
    { name: 'esc/evil', content: 'x' },
    { name: 'hard', type: 'link', linkname: join(bait, 'secret') },
  ]));
  const r = await build(dir, '-t', 'ps-add');
  t.after(() => docker(['rmi', '-f', 'ps-add']));
  await assertUntouched(bait);
  assert.doesNotMatch(r.stdout + r.stderr, /HOST-SECRET/);
  // Without the hard link to a name not in the archive, the archive unpacks, the link's target inside the image.
  await writeFile(join(dir, 'evil.tar'), await tarOf([
    { name: 'ok', content: 'inside\n' },
    { name: 'esc', type: 'symlink', linkname: bait },
    { name: 'esc/evil', content: 'x' },
  ]));
  // Compressed archives too: gzip, bzip2 and xz, as Docker's ADD.
  const plain = await tarOf([{ name: 'z', content: 'zipped\n' }]);
  await writeFile(join(dir, 'z.tar'), plain);
  for (const [tool, ext] of [['gzip', 'gz'], ['bzip2', 'bz2'], ['xz', 'xz']]) execFileSync(tool, ['-kf', join(dir, 'z.tar')]);
  await writeFile(join(dir, 'Dockerfile'), 'FROM busybox\nADD evil.tar /x/\nADD z.tar.gz /gz/\nADD z.tar.bz2 /bz2/\nADD z.tar.xz /xz/\n');
  const good = await build(dir, '-t', 'ps-add');
  assert.equal(good.code, 0, good.stderr);
  await assertUntouched(bait);
  assert.equal(await out(['run', '--rm', 'ps-add', 'cat', `${bait}/evil`, '/gz/z', '/bz2/z', '/xz/z']), 'xzipped\nzipped\nzipped');
});

/** Builds `tag` from a Dockerfile (no context files), removed when the test ends. */
async function image(t, tag, dockerfile) {
  const dir = await context(t, { Dockerfile: dockerfile });
  const r = await build(dir, '-t', tag);
  assert.equal(r.code, 0, r.stderr);
  t.after(() => docker(['rmi', '-f', tag]));
}

test('VOLUME over a link: the new volume is filled from the image, never from the host', async (t) => {
  const bait = await hostBait(t);
  await image(t, 'ps-vol', `FROM busybox\nRUN mkdir -p /real && echo image > /real/f && ln -s ${bait} /data && ln -s /real /data2\nVOLUME /data /data2\n`);
  const r = await docker(['run', '--rm', 'ps-vol', 'sh', '-c', 'cat /data/secret; cat /data2/f']);
  assert.doesNotMatch(r.stdout, /HOST-SECRET/, 'the host directory was copied into the volume');
  // A link inside the image leads to the image's own directory, as with Docker.
  assert.match(r.stdout, /^image$/m);
  await assertUntouched(bait);
});

test('WorkingDir through an image link is made inside the container', async (t) => {
  const bait = await hostBait(t);
  await image(t, 'ps-wd', `FROM busybox\nRUN ln -s ${bait} /wd && touch /file\n`);
  // The kernel's own path of the directory, in the container: where the link led inside it.
  assert.equal(await out(['run', '--rm', '-w', '/wd/made/deeper', 'ps-wd', 'pwd']), `${bait}/made/deeper`);
  await assertUntouched(bait);
  const r = await docker(['run', '--rm', '-w', '/file/sub', 'ps-wd', 'pwd']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Cannot mkdir: \/file\/sub is not a directory/);
});

test('--user, exec -u and COPY --chown read the image\'s passwd and group, never the host\'s', async (t) => {
  const bait = await hostBait(t);
  await writeFile(join(bait, 'passwd'), 'hostuser:x:4242:4242::/:/bin/sh\n');
  await writeFile(join(bait, 'group'), 'hostgroup:x:4343:\n');
  t.after(() => Promise.all(['passwd', 'group'].map((f) => rm(join(bait, f), { force: true }))));
  await image(t, 'ps-user', `FROM busybox\nRUN ln -sf ${bait}/passwd /etc/passwd && ln -sf ${bait}/group /etc/group\n`);
  const run = await docker(['run', '--rm', '-u', 'hostuser', 'ps-user', 'id']);
  assert.notEqual(run.code, 0, `the host's passwd was read: ${run.stdout}`);
  assert.match(run.stderr, /unable to find user hostuser/);
  await fails(['run', '--rm', '-u', '0:hostgroup', 'ps-user', 'id'], { stderr: /unable to find group hostgroup/ });

  removeAfter(t, 'ps-user-c');
  await ok(['run', '-d', '--name', 'ps-user-c', 'ps-user', 'sleep', '300']);
  const exec = await docker(['exec', '-u', 'hostuser', 'ps-user-c', 'id']);
  assert.doesNotMatch(exec.stdout, /4242/, 'exec -u read the host\'s passwd');
  assert.match(exec.stdout + exec.stderr, /unable to find user hostuser/);

  const dir = await context(t, { 'a.txt': 'a\n', Dockerfile: 'FROM ps-user\nCOPY --chown=hostuser a.txt /a.txt\n' });
  const r = await build(dir, '-t', 'ps-user-chown');
  t.after(() => docker(['rmi', '-f', 'ps-user-chown']));
  assert.notEqual(r.code, 0, 'COPY --chown found the host\'s user');
  assert.match(r.stderr, /can't find uid for user hostuser/);
});

test('mount sources: relative bind sources and volume names that climb are refused', async (t) => {
  const socket = ctx.daemon.socket;
  const create = (hostConfig) => apiRequest(socket, { method: 'POST', path: '/containers/create',
    body: JSON.stringify({ Image: 'busybox', Cmd: ['true'], HostConfig: hostConfig }) });
  for (const [hostConfig, message] of [
    [{ Binds: ['../../etc:/x'] }, /includes invalid characters for a local volume name/],
    [{ Binds: ['./x:/x'] }, /includes invalid characters for a local volume name/],
    [{ Mounts: [{ Type: 'volume', Source: '../../etc', Target: '/x' }] }, /includes invalid characters for a local volume name/],
    [{ Mounts: [{ Type: 'bind', Source: '../../etc', Target: '/x' }] }, /invalid mount path: '..\/..\/etc' mount path must be absolute/],
    [{ Binds: ['/tmp:/'] }, /destination can't be '\/'/],
    [{ Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/' }] }, /destination can't be '\/'/],
  ]) {
    const res = await create(hostConfig);
    assert.equal(res.status, 400, `${JSON.stringify(hostConfig)}: ${res.status} ${res.body}`);
    assert.match(res.json().message, message);
  }
  const res = await apiRequest(socket, { method: 'POST', path: '/volumes/create', body: JSON.stringify({ Name: '..' }) });
  assert.equal(res.status, 400);
});

test('containers keep Docker\'s masked and read-only paths, and drop them with --privileged', async () => {
  // Masked files read empty (those this kernel has), masked dirs list nothing, read-only ones refuse writes.
  const files = ['/proc/keys', '/proc/timer_list', '/proc/interrupts'];
  const probe = `for p in ${files.join(' ')}; do printf "%s=%s " $p $(wc -c < $p); done; ls /sys/firmware | wc -l; `
    + 'echo x > /proc/sysrq-trigger 2>/dev/null && echo sysrq-writable; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null && echo sys-writable; true';
  const plain = await out(['run', '--rm', 'busybox', 'sh', '-c', probe]);
  assert.equal(plain, `${files.map((f) => `${f}=0`).join(' ')} 0`);
  for (const args of [['--privileged'], ['--security-opt', 'systempaths=unconfined']]) {
    const open = await out(['run', '--rm', ...args, 'busybox', 'sh', '-c', 'wc -c < /proc/interrupts; wc -c < /proc/timer_list']);
    assert.ok(open.split('\n').every((n) => Number(n) > 0), `${args.join(' ')}: ${open}`);
  }
});
