import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerFilters, hasLabel, parseTimestamp } from './filters.js';

const f = (entries: Array<[string, string[]]>) => new DockerFilters(new Map(entries));

test('labels: every label= must hold and no label!= may (the same for every object type)', () => {
  assert.ok(hasLabel({ a: '1' }, 'a') && hasLabel({ a: '1' }, 'a=1') && !hasLabel({ a: '1' }, 'a=2') && !hasLabel(undefined, 'a'));
  const both = f([['label', ['a', 'b=2']]]);
  assert.ok(both.labels({ a: '1', b: '2' }));
  assert.ok(!both.labels({ a: '1' }), 'two label filters are ANDed, not ORed');
  const not = f([['label!', ['x']]]);
  assert.ok(not.labels({ a: '1' }) && !not.labels({ x: '' }));
  assert.ok(f([]).labels(undefined));
});

test('any: absent passes, else one value must pass; check refuses unknown names in Docker words', () => {
  const names = f([['name', ['web', 'db']]]);
  assert.ok(names.any('name', (v) => v === 'db'));
  assert.ok(!names.any('name', (v) => v === 'cache'));
  assert.ok(names.any('id', () => false));
  assert.throws(() => names.check(['id']), /invalid filter 'name'/);
});

test('booleans and timestamps', () => {
  assert.equal(f([['dangling', ['true']]]).bool('dangling'), true);
  assert.equal(f([['dangling', ['1', 'FALSE']]]).bool('dangling'), false);
  assert.equal(f([]).bool('dangling'), undefined);
  assert.throws(() => f([['dangling', ['maybe']]]).bool('dangling'), /invalid filter 'dangling=maybe'/);
  assert.equal(parseTimestamp('10'), 10_000);
  assert.equal(parseTimestamp('1h30m', 10_000_000), 10_000_000 - 5_400_000);
  assert.equal(parseTimestamp('2020-01-01T00:00:00Z'), Date.UTC(2020, 0, 1));
  assert.throws(() => parseTimestamp('yesterday'), /failed to parse value as time or duration: "yesterday"/);
  const until = f([['until', ['1000']]]);
  assert.ok(until.until(999_000) && !until.until(1_000_000));
});
