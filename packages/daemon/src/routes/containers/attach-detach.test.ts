import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetachScanner, parseDetachKeys } from './attach-detach.js';

test('parseDetachKeys follows Docker syntax', () => {
  assert.deepEqual(parseDetachKeys('ctrl-p,ctrl-q'), [0x10, 0x11]);
  assert.deepEqual(parseDetachKeys('ctrl-a,x'), [1, 0x78]);
  assert.deepEqual(parseDetachKeys('ctrl-@,ctrl-['), [0, 27]);
  assert.throws(() => parseDetachKeys('ctrl-pq'), /Invalid detach keys/);
});

test('DetachScanner holds a prefix and detaches on the full sequence', () => {
  const s = new DetachScanner([0x10, 0x11]);
  assert.deepEqual(s.push(Buffer.from('ab\x10')), { data: Buffer.from('ab'), detached: false });
  assert.deepEqual(s.push(Buffer.from('\x11zz')), { data: Buffer.alloc(0), detached: true });
});

test('DetachScanner forwards a broken-off prefix', () => {
  const s = new DetachScanner([0x10, 0x11]);
  assert.deepEqual(s.push(Buffer.from('\x10x')), { data: Buffer.from('\x10x'), detached: false });
  assert.deepEqual(s.push(Buffer.from('\x10\x10\x11')), { data: Buffer.from('\x10'), detached: true });
});

test('DetachScanner with no keys passes everything', () => {
  const s = new DetachScanner([]);
  assert.deepEqual(s.push(Buffer.from('\x10\x11')), { data: Buffer.from('\x10\x11'), detached: false });
});
