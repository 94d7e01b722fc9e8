import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainIds } from './chain-id.js';

test('chain ids: the first is the diff id, the next hashes "prev diff"', () => {
  const a = `sha256:${'a'.repeat(64)}`;
  const b = `sha256:${'b'.repeat(64)}`;
  // printf 'sha256:aaa… sha256:bbb…' | sha256sum
  assert.deepEqual(chainIds([a, b]), [a, 'sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c']);
  assert.deepEqual(chainIds([]), []);
});
