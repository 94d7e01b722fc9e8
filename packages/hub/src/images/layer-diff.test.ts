import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffLayers } from './layer-diff.js';
import type { LayerEntry } from './layer-files.js';

const dir = (path: string): LayerEntry => ({ path, type: 'dir', size: 0 });
const file = (path: string, size = 1): LayerEntry => ({ path, type: 'file', size });

describe('diffLayers', () => {
  it('tells additions, changes and whiteout deletions apart, layer by layer', () => {
    const [base, top] = diffLayers([
      [dir('bin'), file('bin/busybox', 100), dir('etc'), file('etc/motd')],
      [dir('bin'), file('bin/.wh.busybox'), dir('etc'), file('etc/motd', 2), file('etc/hostname')],
    ]);
    assert.deepEqual(base!.map((c) => [c.kind, c.path]), [['added', 'bin'], ['added', 'bin/busybox'], ['added', 'etc'], ['added', 'etc/motd']]);
    assert.deepEqual(top!.map((c) => [c.kind, c.path, c.type]), [
      ['deleted', 'bin/busybox', 'file'], ['changed', 'etc/motd', 'file'], ['added', 'etc/hostname', 'file'],
    ]);
  });

  it('deletes a whole tree and honours opaque directories', () => {
    const [, second, third] = diffLayers([
      [dir('a'), dir('a/b'), file('a/b/c'), dir('d'), file('d/e')],
      [dir('a'), file('a/.wh.b')],
      [dir('d'), file('d/.wh..wh..opq'), file('d/new'), dir('a'), dir('a/b')],
    ]);
    assert.deepEqual(second!.map((c) => [c.kind, c.path]), [['deleted', 'a/b']]);
    // a/b was deleted, so it comes back as an addition; d/e is hidden by the opaque marker.
    assert.deepEqual(third!.map((c) => [c.kind, c.path]), [['opaque', 'd'], ['added', 'd/new'], ['added', 'a/b']]);
  });

  it('reads a whiteout at the top level', () => {
    const [, top] = diffLayers([[file('x')], [file('.wh.x')]]);
    assert.deepEqual(top!.map((c) => [c.kind, c.path]), [['deleted', 'x']]);
  });
});
