import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBounded } from './bounded-map.js';

test('setBounded keeps the newest entries up to its bound, and a key set again takes no one\'s place', () => {
  const map = new Map<string, number>();
  for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) setBounded(map, key, i, 3);
  assert.deepEqual([...map.keys()], ['b', 'c', 'd']);
  setBounded(map, 'c', 9, 3);
  assert.deepEqual([...map], [['b', 1], ['c', 9], ['d', 3]]);
});
