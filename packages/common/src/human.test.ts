import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, humanSize } from './human.js';

test('durations read as docker ps prints them', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1000), '1 second');
  assert.equal(humanDuration(5000), '5 seconds');
  assert.equal(humanDuration(61_000), 'About a minute');
  assert.equal(humanDuration(5 * 60_000), '5 minutes');
  assert.equal(humanDuration(60 * 60_000), 'About an hour');
  assert.equal(humanDuration(3 * 3_600_000), '3 hours');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
});

test('sizes use decimal units with three significant digits', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(999), '999B');
  assert.equal(humanSize(4_260_000), '4.26MB');
  assert.equal(humanSize(1_000_000), '1MB');
  assert.equal(humanSize(2_150_000_000), '2.15GB');
});
