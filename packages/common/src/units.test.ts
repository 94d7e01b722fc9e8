import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, humanDuration, containerStatus, ramInBytes, ellipsis, truncateId, goFormatG, bytesSize } from './units.js';

test('humanSize as go-units HumanSizeWithPrecision(.., 3)', () => {
  const cases: [number, string][] = [
    [0, '0B'], [1, '1B'], [999, '999B'], [1000, '1kB'], [1024, '1.02kB'], [4_260_000, '4.26MB'],
    [1_980_000, '1.98MB'], [2_076_160, '2.08MB'], [999_999, '1e+03kB'], [100_000, '100kB'],
    [1_500_000_000, '1.5GB'], [12_345_678_901, '12.3GB'], [1e27, '1e+03YB'],
  ];
  for (const [n, want] of cases) assert.equal(humanSize(n), want, String(n));
});

test('goFormatG', () => {
  assert.equal(goFormatG(0.0001234, 3), '0.000123');
  assert.equal(goFormatG(0.00001234, 3), '1.23e-05');
  assert.equal(goFormatG(123.456, 3), '123');
  assert.equal(goFormatG(1234, 3), '1.23e+03');
  assert.equal(bytesSize(64 * 1024 * 1024), '64MiB');
});

test('humanDuration as go-units', () => {
  const s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
  const cases: [number, string][] = [
    [0, 'Less than a second'], [999, 'Less than a second'], [s, '1 second'], [59 * s, '59 seconds'],
    [60 * s, 'About a minute'], [119 * s, 'About a minute'], [2 * m, '2 minutes'], [59 * m, '59 minutes'],
    [60 * m, 'About an hour'], [89 * m, 'About an hour'], [90 * m, '2 hours'], [47 * h, '47 hours'],
    [48 * h, '2 days'], [13 * d, '13 days'], [14 * d, '2 weeks'], [59 * d, '8 weeks'], [60 * d, '2 months'],
    [729 * d, '24 months'], [730 * d, '2 years'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
});

test('container status line as Docker', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  assert.equal(containerStatus({ running: true, exitCode: 0, startedAt: '2026-01-01T00:09:55Z' }, now), 'Up 5 seconds');
  assert.equal(containerStatus({ running: true, paused: true, exitCode: 0, startedAt: '2026-01-01T00:00:00Z' }, now), 'Up 10 minutes (Paused)');
  assert.equal(containerStatus({ running: false, exitCode: 0, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:08:00Z' }, now), 'Exited (0) 2 minutes ago');
  assert.equal(containerStatus({ running: false, exitCode: 137, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:09:00Z' }, now), 'Exited (137) About a minute ago');
  assert.equal(containerStatus({ running: false, exitCode: 0, startedAt: '0001-01-01T00:00:00Z' }, now), 'Created');
});

test('RAMInBytes', () => {
  assert.equal(ramInBytes('64m'), 67108864);
  assert.equal(ramInBytes('64MB'), 67108864);
  assert.equal(ramInBytes('1.5g'), 1610612736);
  assert.equal(ramInBytes('512k'), 524288);
  assert.equal(ramInBytes('100'), 100);
  assert.equal(ramInBytes('2GiB'), 2147483648);
  assert.throws(() => ramInBytes('lots'));
});

test('ellipsis and truncateId', () => {
  assert.equal(ellipsis('sh -c "sleep 1000; echo done"', 20), 'sh -c "sleep 1000; …');
  assert.equal(ellipsis('short', 20), 'short');
  assert.equal(truncateId('sha256:c12ffec61d03336480e11226319df50443d460cf41ecabc7e516f28f9d886e02'), 'c12ffec61d03');
});

