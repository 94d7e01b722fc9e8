import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerUpdate } from './container-update.js';

test('update: 0 and null leave a limit, except PidsLimit 0, which lifts it', () => {
  const u = containerUpdate({ Memory: 64e6, MemorySwap: 0, CpuShares: null as never, PidsLimit: 0, CpusetCpus: '0' });
  assert.deepEqual(u, { resources: { memory: 64e6, cpusetCpus: '0', pidsLimit: 0 } });
});

test('update: a body without MemorySwap says so; a restart policy needs a name', () => {
  assert.deepEqual(containerUpdate({ Memory: 64e6 }), { resources: { memory: 64e6 }, swapOmitted: true });
  assert.equal(containerUpdate({ MemorySwap: 0, RestartPolicy: { Name: '' } }).restartPolicy, undefined);
  assert.deepEqual(containerUpdate({ MemorySwap: 0, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } }).restartPolicy, { name: 'on-failure', maximumRetryCount: 3 });
  assert.deepEqual(containerUpdate({ MemorySwap: 0, RestartPolicy: { Name: 'always' } }).restartPolicy, { name: 'always' });
});
