import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthcheckFromFlags, parseGoDuration } from './health-flags.js';

test('parseGoDuration as Go', () => {
  assert.equal(parseGoDuration('1s', 'x'), 1e9);
  assert.equal(parseGoDuration('1m30s', 'x'), 90e9);
  assert.equal(parseGoDuration('500ms', 'x'), 5e8);
  assert.equal(parseGoDuration('1.5h', 'x'), 5400e9);
  assert.equal(parseGoDuration('0', 'x'), 0);
  assert.throws(() => parseGoDuration('10', 'health-interval'), /invalid duration "10"/);
});

test('healthcheckFromFlags: only when set; --no-healthcheck; conflicts', () => {
  assert.equal(healthcheckFromFlags({}, new Set()), undefined);
  assert.deepEqual(healthcheckFromFlags({ 'no-healthcheck': true }, new Set(['no-healthcheck'])), { Test: ['NONE'] });
  assert.throws(() => healthcheckFromFlags({ 'no-healthcheck': true, 'health-cmd': 'x' }, new Set(['no-healthcheck', 'health-cmd'])), /conflicts/);
  assert.deepEqual(healthcheckFromFlags({ 'health-cmd': 'true', 'health-interval': '1s', 'health-retries': 2 }, new Set(['health-cmd', 'health-interval', 'health-retries'])),
    { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: 0, StartPeriod: 0, StartInterval: 0, Retries: 2 });
});
