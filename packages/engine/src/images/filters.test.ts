import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, matchesReference } from './filters.js';

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
