import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyResult, healthSuffix, mergeHealthcheck, probeCommand, timing, type HealthState } from './health.js';

const r = (ExitCode: number) => ({ Start: 's', End: 'e', ExitCode, Output: '' });

test('probeCommand: CMD, CMD-SHELL with the shell, NONE and empty', () => {
  assert.deepEqual(probeCommand(['CMD', 'true', 'x'], null), ['true', 'x']);
  assert.deepEqual(probeCommand(['CMD-SHELL', 'exit 1'], null), ['/bin/sh', '-c', 'exit 1']);
  assert.deepEqual(probeCommand(['CMD-SHELL', 'x'], ['/bin/bash', '-ec']), ['/bin/bash', '-ec', 'x']);
  assert.equal(probeCommand(['NONE'], null), undefined);
  assert.equal(probeCommand([], null), undefined);
  assert.equal(probeCommand(undefined, null), undefined);
});

test('applyResult: retries failures make unhealthy, a success resets', () => {
  let h: HealthState = { Status: 'starting', FailingStreak: 0, Log: [] };
  h = applyResult(h, r(1), 2, false);
  assert.equal(h.Status, 'starting');
  h = applyResult(h, r(1), 2, false);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 2]);
  h = applyResult(h, r(0), 2, false);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 0]);
  for (let i = 0; i < 10; i++) h = applyResult(h, r(0), 2, false);
  assert.equal(h.Log.length, 5);
});

test('applyResult: failures in the start period do not count while starting', () => {
  const h = applyResult({ Status: 'starting', FailingStreak: 0, Log: [] }, r(1), 1, true);
  assert.deepEqual([h.Status, h.FailingStreak, h.Log.length], ['starting', 0, 1]);
});

test('mergeHealthcheck and defaults as Docker', () => {
  assert.deepEqual(mergeHealthcheck({ Interval: 1e9 }, { Test: ['CMD', 'x'], Retries: 7 }),
    { Test: ['CMD', 'x'], Interval: 1e9, Timeout: undefined, StartPeriod: undefined, StartInterval: undefined, Retries: 7 });
  assert.deepEqual(mergeHealthcheck(undefined, { Test: ['NONE'] }), { Test: ['NONE'] });
  assert.deepEqual(timing({}), { Interval: 30e9, Timeout: 30e9, StartPeriod: 0, StartInterval: 5e9, Retries: 3 });
  assert.equal(healthSuffix({ Status: 'starting', FailingStreak: 0, Log: [] }), 'health: starting');
  assert.equal(healthSuffix(undefined), undefined);
});
