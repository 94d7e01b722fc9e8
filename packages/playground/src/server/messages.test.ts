import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLang, message } from './messages.js';

test('language: ?lang= first, then Accept-Language by quality, then English', () => {
  assert.equal(chooseLang('fr', 'en'), 'fr');
  assert.equal(chooseLang('de', 'fr-CA,fr;q=0.9'), 'fr');
  assert.equal(chooseLang(null, 'de-DE,de;q=0.9,fr;q=0.8,en;q=0.7'), 'fr');
  assert.equal(chooseLang(null, 'en;q=0.5,fr;q=0.9'), 'fr');
  assert.equal(chooseLang(null, 'fr;q=0,en'), 'en');
  assert.equal(chooseLang(undefined, undefined), 'en');
  assert.equal(chooseLang(null, 'ja'), 'en');
});

test('messages carry their values in both languages', () => {
  assert.equal(message('en', 'tooManyInstances', { max: 5 }), 'This session already has 5 instances, the most it may have. Delete one to add another.');
  assert.match(message('fr', 'full', { max: 20, retry: 30 }), /plein \(20 sessions.*30 secondes/);
});
