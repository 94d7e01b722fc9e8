import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolFilter, globMatch, matchesLabels, matchesReference, parseTimestamp } from './filters.js';

test('glob matching as Go path.Match', () => {
  assert.ok(globMatch('busy*', 'busybox'));
  assert.ok(globMatch('busy*:lat*', 'busybox:latest'));
  assert.ok(!globMatch('busy*', 'busybox/extra'));
  assert.ok(globMatch('b?sybox', 'busybox'));
  assert.ok(globMatch('[a-c]usybox', 'busybox'));
  assert.ok(!globMatch('[^b]usybox', 'busybox'));
  assert.ok(globMatch('a.b', 'a.b') && !globMatch('a.b', 'axb'));
});

test('reference filter matches the familiar reference or the familiar name', () => {
  assert.ok(matchesReference('busybox', ['busybox:latest']));
  assert.ok(matchesReference('busybox:latest', ['busybox:latest']));
  assert.ok(!matchesReference('busybox:1', ['busybox:latest']));
  assert.ok(matchesReference('alice/*', ['alice/app:1']));
  assert.ok(!matchesReference('*', ['alice/app:1']));
  assert.ok(matchesReference('*', ['busybox:latest']));
});

test('labels, booleans, timestamps', () => {
  assert.ok(matchesLabels({ a: '1' }, ['a']));
  assert.ok(matchesLabels({ a: '1' }, ['a=1']));
  assert.ok(!matchesLabels({ a: '1' }, ['a=2']));
  assert.ok(!matchesLabels(undefined, ['a']));
  assert.equal(boolFilter(new Map([['dangling', ['true']]]), 'dangling'), true);
  assert.throws(() => boolFilter(new Map([['dangling', ['maybe']]]), 'dangling'), /invalid filter/);
  assert.equal(parseTimestamp('10'), 10_000);
  assert.equal(parseTimestamp('1h30m', 10_000_000), 10_000_000 - 5_400_000);
  assert.equal(parseTimestamp('2020-01-01T00:00:00Z'), Date.UTC(2020, 0, 1));
});
