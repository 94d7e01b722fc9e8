import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FailedPreconditionError } from '@quai/common';
import { OverlaySnapshotter } from './overlay-snapshotter.js';
import { chainIds } from '../images/chain-id.js';
import { sha256, tarOf } from '../images/test-layers.js';

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('this test needs root (uid 0): run the suite as root');
}

test('overlay snapshotter: whiteouts and opaque dirs give the right merged view', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-snap-'));
  const merged = join(root, 'merged');
  try {
    const s = new OverlaySnapshotter({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
    const l1 = await tarOf([
      { name: 'a/', type: 'directory' },
      { name: 'a/gone', content: 'one' },
      { name: 'a/keep', content: 'kept', mode: 0o4755, uid: 1000, gid: 1000 },
      { name: 'b/', type: 'directory' },
      { name: 'b/old', content: 'old' },
      { name: 'link', type: 'symlink', linkname: 'a/keep' },
      { name: 'hard', type: 'link', linkname: 'a/keep' },
      { name: 'dev/', type: 'directory' },
      { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
    ]);
    const l2 = await tarOf([
      { name: 'a/.wh.gone' },
      { name: 'b/', type: 'directory' },
      { name: 'b/.wh..wh..opq' },
      { name: 'b/new', content: 'new' },
      { name: 'c', content: 'top' },
    ]);
    const [c1, c2] = chainIds([sha256(l1), sha256(l2)]) as [string, string];
    await s.unpack(c1, '', Readable.from([l1]));
    await s.unpack(c2, c1, Readable.from([l2]));
    assert.ok(await s.exists(c1) && await s.exists(c2));
    await s.unpack(c2, c1, Readable.from([l2])); // already there: a no-op

    const mounts = await s.prepare('ctr1', c2);
    assert.equal(mounts.length, 1);
    const lower = mounts[0]!.options.find((o) => o.startsWith('lowerdir='))!;
    assert.equal(lower.split(':').length, 2);
    await mkdir(merged);
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', mounts[0]!.options.join(','), merged]);
    try {
      assert.equal(existsSync(join(merged, 'a/gone')), false, 'whiteout hides a/gone');
      assert.equal(readFileSync(join(merged, 'a/keep'), 'utf8'), 'kept');
      const st = lstatSync(join(merged, 'a/keep'));
      assert.equal(st.uid, 1000);
      assert.equal(st.mode & 0o7777, 0o4755);
      assert.equal(existsSync(join(merged, 'b/old')), false, 'opaque dir hides b/old');
      assert.equal(readFileSync(join(merged, 'b/new'), 'utf8'), 'new');
      assert.equal(readFileSync(join(merged, 'c'), 'utf8'), 'top');
      assert.equal(readlinkSync(join(merged, 'link')), 'a/keep');
      assert.equal(lstatSync(join(merged, 'hard')).ino, st.ino);
      assert.ok(lstatSync(join(merged, 'dev/null')).isCharacterDevice());
      writeFileSync(join(merged, 'written'), 'rw');
    } finally {
      execFileSync('umount', [merged]);
    }
    assert.equal(readFileSync(join(s.upperDir('ctr1'), 'written'), 'utf8'), 'rw');
    assert.ok((await s.usage('ctr1')).bytes >= 2);
    assert.ok((await s.usage(c1)).bytes >= 'onekeptold'.length);

    await assert.rejects(s.remove(c2), FailedPreconditionError, 'a container sits on it');
    await s.remove('ctr1');
    await assert.rejects(s.remove(c1), FailedPreconditionError, 'c2 sits on it');
    await s.remove(c2);
    await s.remove(c1);
    assert.equal(await s.exists(c1), false);

    const scratch = await s.prepare('ctr2', '');
    assert.match(scratch[0]!.options[0]!, /lowerdir=.*\/empty$/);
    await s.remove('ctr2');
  } finally {
    try { execFileSync('umount', [merged], { stdio: 'ignore' }); } catch { /* not mounted */ }
    await rm(root, { recursive: true, force: true });
  }
});

test('overlay snapshotter: layers cannot write outside their directory', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-snap-'));
  try {
    const s = new OverlaySnapshotter({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
    const outside = join(root, 'outside');
    await mkdir(outside);
    writeFileSync(join(outside, 'f'), 'host file');
    const refused = [
      await tarOf([{ name: '../../../outside/evil', content: 'x' }]),
      await tarOf([{ name: 'a/../../outside/evil', content: 'x' }]),
      // a symlink, then a file or a hard link through it
      await tarOf([{ name: 'esc', type: 'symlink', linkname: outside }, { name: 'esc/evil', content: 'x' }]),
      await tarOf([{ name: 'esc', type: 'symlink', linkname: '../../../../../../..' }, { name: `esc${outside}/evil`, content: 'x' }]),
      await tarOf([{ name: 'esc', type: 'symlink', linkname: outside }, { name: 'h', type: 'link', linkname: 'esc/f' }]),
      // hard links to host files, by climbing or by absolute name
      await tarOf([{ name: 'h', type: 'link', linkname: '../../../outside/f' }]),
      await tarOf([{ name: 'h', type: 'link', linkname: join(outside, 'f') }]),
      await tarOf([{ name: 'h', type: 'link', linkname: '/etc/passwd' }]),
    ];
    for (const layer of refused) {
      await assert.rejects(s.unpack(sha256(layer), '', Readable.from([layer])));
      assert.equal(await s.exists(sha256(layer)), false);
    }
    // An absolute name is a path in the layer, not on the host.
    const absolute = await tarOf([{ name: join(outside, 'evil'), content: 'x' }]);
    await s.unpack(sha256(absolute), '', Readable.from([absolute]));
    assert.ok(existsSync(join(s.layerDir(sha256(absolute)), outside, 'evil')), 'the file is inside the layer');
    assert.deepEqual(readdirSync(outside), ['f']);
    assert.equal(readFileSync(join(outside, 'f'), 'utf8'), 'host file');
    assert.equal(lstatSync(join(outside, 'f')).nlink, 1, 'no hard link to the host file');
    assert.equal(lstatSync('/etc/passwd').nlink, 1, 'no hard link to /etc/passwd');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('overlay snapshotter: a whiteout of `.` or `..` removes nothing (refused)', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-snap-'));
  try {
    const s = new OverlaySnapshotter({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
    const base = await tarOf([{ name: 'keep', content: 'kept' }]);
    await s.unpack(sha256(base), '', Readable.from([base]));
    const tricks = [
      [{ name: 'a/', type: 'directory' as const }, { name: 'a/b/', type: 'directory' as const }, { name: 'a/b/.wh...' }],
      [{ name: 'a/', type: 'directory' as const }, { name: 'a/x', content: 'x' }, { name: 'a/.wh..' }],
      [{ name: '.wh...' }],
      [{ name: '.wh..' }],
      [{ name: 'a/.wh..//' , type: 'directory' as const }, { name: 'a/.wh../..' }],
    ];
    for (const items of tricks) {
      const layer = await tarOf(items);
      await assert.rejects(s.unpack(sha256(layer), sha256(base), Readable.from([layer])), /whiteout/, JSON.stringify(items));
      assert.equal(await s.exists(sha256(layer)), false);
    }
    assert.equal(await s.exists(sha256(base)), true, 'the layer below is still there');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('overlay snapshotter: long chains use short links to fit one page of mount options', async () => {
  requireRoot();
  // Full paths of 60 layers pass the page limit; the short links keep them under it.
  const root = await mkdtemp('/tmp/qs-');
  try {
    const s = new OverlaySnapshotter({ dataRoot: join(root, 'data'), execRoot: join(root, 'run') });
    const layers = await Promise.all(Array.from({ length: 60 }, (_, i) => tarOf([{ name: `f${i}`, content: String(i) }])));
    const chain = chainIds(layers.map(sha256));
    for (let i = 0; i < layers.length; i++) await s.unpack(chain[i]!, chain[i - 1] ?? '', Readable.from([layers[i]!]));
    const [mount] = await s.prepare('long', chain.at(-1)!);
    const options = mount!.options.join(',');
    assert.ok(options.length < 4096, `options are ${options.length} bytes`);
    const merged = join(root, 'm');
    await mkdir(merged);
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', options, merged]);
    try {
      assert.equal(readFileSync(join(merged, 'f0'), 'utf8'), '0');
      assert.equal(readFileSync(join(merged, 'f59'), 'utf8'), '59');
    } finally {
      execFileSync('umount', [merged]);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
