import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../model.js';
import { canonicalService } from './canonical.js';
import { mergeService } from './merge.js';

const svc = (raw: Record<string, unknown>) => canonicalService('web', raw, '/p');

test('mappings merge key by key; scalars and commands are replaced', () => {
  const m = mergeService(
    svc({ image: 'a', environment: ['A=1', 'B=2'], labels: { x: '1' }, command: ['sh', '-c', 'old'] }),
    svc({ image: 'b', environment: { B: '3', C: '4' }, command: 'new' }),
  );
  assert.equal(m.image, 'b');
  assert.deepEqual(m.environment, { A: '1', B: '3', C: '4' });
  assert.deepEqual(m.labels, { x: '1' });
  assert.deepEqual(m.command, ['new']);
});

test('volumes: one per target, the override winning; ports appended without duplicates', () => {
  const m = mergeService(
    svc({ volumes: ['data:/data', './a:/a'], ports: ['80:80', '443:443'] }),
    svc({ volumes: ['other:/data'], ports: ['80:80', '8080:8080'] }),
  );
  assert.deepEqual(m.volumes!.map((v) => `${v.source}:${v.target}`), ['other:/data', '/p/a:/a']);
  assert.deepEqual(m.ports!.map((p) => p.published), ['80', '443', '8080']);
});

test('logging: another driver replaces the options; depends_on merges', () => {
  const m = mergeService(
    svc({ logging: { driver: 'json-file', options: { 'max-size': '1m' } }, depends_on: ['db'] }),
    svc({ logging: { driver: 'none' }, depends_on: { cache: { condition: 'service_healthy' } } }),
  ) as Service;
  assert.deepEqual(m.logging, { driver: 'none' });
  assert.deepEqual(Object.keys(m.depends_on!), ['db', 'cache']);
});
