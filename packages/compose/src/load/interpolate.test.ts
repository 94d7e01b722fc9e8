import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolateTree, InterpolationError, substitute } from './interpolate.js';

const env: Record<string, string> = { A: 'a', EMPTY: '', NESTED: 'n' };
const lookup = (n: string) => env[n];

test('plain, braced, defaults and alternatives', () => {
  assert.equal(substitute('$A-${A}', lookup), 'a-a');
  assert.equal(substitute('${MISSING:-d} ${EMPTY:-d} ${A:-d}', lookup), 'd d a');
  assert.equal(substitute('${MISSING-d}|${EMPTY-d}|${A-d}', lookup), 'd||a');
  assert.equal(substitute('${MISSING:+r}|${EMPTY:+r}|${A:+r}', lookup), '||r');
  assert.equal(substitute('${MISSING+r}|${EMPTY+r}|${A+r}', lookup), '|r|r');
});

test('$$ is a literal dollar; defaults may nest', () => {
  assert.equal(substitute('cost: $$5 and $${A}', lookup), 'cost: $5 and ${A}');
  assert.equal(substitute('${MISSING:-${NESTED}-x}', lookup), 'n-x');
  assert.equal(substitute('${MISSING:-${ALSO_MISSING:-deep}}', lookup), 'deep');
});

test('required variables: :? unset or empty, ? unset only, with the message', () => {
  assert.throws(() => substitute('${MISSING:?set it}', lookup), { message: 'required variable MISSING is missing a value: set it' });
  assert.throws(() => substitute('${EMPTY:?}', lookup), { message: 'required variable EMPTY is missing a value' });
  assert.equal(substitute('${EMPTY?boom}', lookup), '');
  assert.throws(() => substitute('${MISSING?boom}', lookup), /required variable MISSING is missing a value: boom/);
});

test('unset variables warn once per use and become empty; bad templates are errors', () => {
  const warned: string[] = [];
  assert.equal(substitute('x${NOPE}y$NOPE', lookup, (n) => warned.push(n)), 'xy');
  assert.deepEqual(warned, ['NOPE', 'NOPE']);
  assert.throws(() => substitute('${}', lookup), InterpolationError);
  assert.throws(() => substitute('${A', lookup), /Invalid template/);
  assert.throws(() => substitute('echo $1', lookup), /Invalid template/);
});

test('trees: values substituted, keys kept, errors carry the path', () => {
  assert.deepEqual(interpolateTree({ '$A': ['$A', 1, true, null] }, lookup), { '$A': ['a', 1, true, null] });
  assert.throws(() => interpolateTree({ services: { web: { image: '${TAG:?no tag}' } } }, lookup), (err: InterpolationError) => {
    assert.deepEqual(err.path, ['services', 'web', 'image']);
    return true;
  });
});
