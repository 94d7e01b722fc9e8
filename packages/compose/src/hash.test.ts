import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceHash } from './hash.js';
import type { Service } from './model.js';

const base: Service = { name: 'web', image: 'busybox', environment: { A: '1', B: '2' }, command: ['sh'] };

test('the hash ignores key order and what does not change a container', () => {
  const h = serviceHash(base);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(serviceHash({ command: ['sh'], environment: { B: '2', A: '1' }, image: 'busybox', name: 'web' }), h);
  assert.equal(serviceHash({ ...base, scale: 3, deploy: { replicas: 3 }, depends_on: { db: { condition: 'service_started', required: true, restart: false } }, profiles: ['x'], build: { context: '/x', dockerfile: 'Dockerfile' }, pull_policy: 'always' }), serviceHash({ ...base, deploy: {} }));
});

test('a setting that changes the container changes the hash', () => {
  const h = serviceHash(base);
  assert.notEqual(serviceHash({ ...base, environment: { A: '1', B: '3' } }), h);
  assert.notEqual(serviceHash({ ...base, command: ['sh', '-c', 'x'] }), h);
  assert.notEqual(serviceHash({ ...base, deploy: { resources: { limits: { memory: '64m' } } } }), serviceHash({ ...base, deploy: {} }));
});
