import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandWord, expandWords, rawWords } from './shell-word.js';

const env = new Map([['A', 'x'], ['E', ''], ['SP', 'a b']]);

test('plain and braced variables', () => {
  assert.equal(expandWord('$A-${A}/$NOPE.', env), 'x-x/.');
});

test('${v:-w} ${v-w} ${v:+w} ${v+w}', () => {
  assert.equal(expandWord('${E:-d} ${E-d} ${U:-d} ${U-d}', env), 'd  d d');
  assert.equal(expandWord('${A:+set} ${E:+set} ${E+set} ${U+set}', env), 'set  set ');
  assert.equal(expandWord('${U:-${A}}', env), 'x');
  assert.throws(() => expandWord('${U:?required}', env), /required/);
});

test('quotes: single literal, double expands, escapes', () => {
  assert.equal(expandWord(`'$A' "$A b" \\$A`, env), '$A x b $A');
  assert.deepEqual(expandWords(`a "b c" $SP`, env), ['a', 'b c', 'a b']);
  assert.deepEqual(expandWords('a `b', env, '`'), ['a', 'b']);
});

test('rawWords keeps quotes for later expansion', () => {
  assert.deepEqual(rawWords('A=1 B="two words" C=\'x y\''), ['A=1', 'B="two words"', "C='x y'"]);
});
