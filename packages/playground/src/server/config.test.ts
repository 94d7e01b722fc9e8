import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromFlags, parseDuration, parseListen } from './config.js';

test('durations: Go-like units, plain seconds, and a clear error otherwise', () => {
  assert.equal(parseDuration('4h'), 4 * 3600_000);
  assert.equal(parseDuration('1h30m'), 5400_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('120'), 120_000);
  for (const bad of ['', '4 hours', 'h', '1d', '-5s']) assert.throws(() => parseDuration(bad), /invalid duration/, bad);
});

test('--listen: HOST:PORT, [v6]:PORT, or a port alone', () => {
  assert.deepEqual(parseListen('127.0.0.1:8088'), { host: '127.0.0.1', port: 8088 });
  assert.deepEqual(parseListen('[::1]:9000'), { host: '::1', port: 9000 });
  assert.deepEqual(parseListen('8088'), { host: '127.0.0.1', port: 8088 });
  assert.throws(() => parseListen('host:99999'), /invalid --listen/);
});

test('flags become a checked config: defaults, sizes, and one-line errors', () => {
  const c = configFromFlags({});
  assert.equal(c.port, 8088);
  assert.equal(c.engine, 'unix:///run/quai/quai.sock');
  assert.equal(c.sessionTtlMs, 4 * 3600_000);
  assert.equal(c.maxInstances, 5);
  assert.equal(c.instance.memory, 1024 ** 3);
  assert.equal(c.instance.disk, 4 * 1024 ** 3);
  assert.equal(c.outbound, false);
  assert.equal(c.minFreeMemory, 512 * 1024 ** 2);
  assert.equal(configFromFlags({ 'min-free-memory': '0' }).minFreeMemory, 0);
  assert.equal(configFromFlags({ 'min-free-memory': '2g' }).minFreeMemory, 2 * 1024 ** 3);
  assert.throws(() => configFromFlags({ 'min-free-memory': 'plenty' }), /invalid --min-free-memory "plenty"/);
  assert.equal(configFromFlags({ 'instance-disk': '0' }).instance.disk, 0);
  assert.equal(configFromFlags({ 'instance-cpus': '0.5' }).instance.nanoCpus, 5e8);
  assert.throws(() => configFromFlags({ 'max-instances': '0' }), /invalid --max-instances "0"/);
  assert.throws(() => configFromFlags({ 'instance-memory': 'lots' }), /invalid --instance-memory "lots"/);
  assert.throws(() => configFromFlags({ hub: 'ftp://hub' }), /invalid --hub/);
  assert.throws(() => configFromFlags({ 'hub-user': 'play' }), /--hub-user needs --hub and --hub-password-file/);
});
