import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerSummary } from '@quai/client';
import { serviceHash } from '../hash.js';
import type { Project, Service } from '../model.js';
import { LABELS } from '../names.js';
import { planUp } from './plan.js';

function projectOf(services: Record<string, Partial<Service>>): Project {
  return {
    name: 'p', workingDir: '/p', configFiles: [], envFiles: [], environment: {}, disabledServices: {}, networks: {}, volumes: {}, secrets: {}, configs: {},
    services: Object.fromEntries(Object.entries(services).map(([n, s]) => [n, { name: n, image: 'busybox', ...s } as Service])),
  };
}

function container(project: Project, service: string, n: number, opts: { state?: string; hash?: string } = {}): ContainerSummary {
  return {
    Id: `${service}${n}`, Names: [`/p-${service}-${n}`], Image: 'busybox', ImageID: '', Command: '', Created: 0, State: opts.state ?? 'running', Status: '',
    Labels: { [LABELS.project]: 'p', [LABELS.service]: service, [LABELS.containerNumber]: String(n), [LABELS.oneoff]: 'False', [LABELS.configHash]: opts.hash ?? serviceHash(project.services[service]!) },
  };
}

const kinds = (plan: ReturnType<typeof planUp>) => Object.fromEntries(plan.levels.flat().map((sp) => [sp.service, sp.actions.map((a) => a.kind)]));

test('nothing there: every container created, services in dependency order', () => {
  const p = projectOf({ web: { depends_on: { db: { condition: 'service_healthy', required: true, restart: false } } }, db: {}, worker: { depends_on: { db: { condition: 'service_started', required: true, restart: false } } } });
  const plan = planUp(p, Object.keys(p.services), []);
  assert.deepEqual(plan.levels.map((l) => l.map((sp) => sp.service)), [['db'], ['web', 'worker']]);
  assert.deepEqual(kinds(plan), { db: ['create'], web: ['create'], worker: ['create'] });
});

test('a changed hash recreates that service and its dependents only', () => {
  const p = projectOf({ web: { depends_on: { db: { condition: 'service_started', required: true, restart: false } } }, db: {}, other: {} });
  const observed = [container(p, 'web', 1), container(p, 'db', 1, { hash: 'old' }), container(p, 'other', 1)];
  assert.deepEqual(kinds(planUp(p, Object.keys(p.services), observed)), { db: ['recreate'], web: ['recreate'], other: ['keep'] });
  const unchanged = [container(p, 'web', 1, { hash: 'old' }), container(p, 'db', 1), container(p, 'other', 1, { state: 'exited' })];
  assert.deepEqual(kinds(planUp(p, Object.keys(p.services), unchanged)), { db: ['keep'], web: ['recreate'], other: ['start'] });
  assert.deepEqual(kinds(planUp(p, Object.keys(p.services), unchanged, { noRecreate: true })), { db: ['keep'], web: ['keep'], other: ['start'] });
  assert.deepEqual(kinds(planUp(p, Object.keys(p.services), unchanged, { forceRecreate: true })), { db: ['recreate'], web: ['recreate'], other: ['recreate'] });
});

test('scale: missing numbers created, numbers above removed; orphans found', () => {
  const p = projectOf({ worker: { scale: 2 } });
  const observed = [container(p, 'worker', 1), container(p, 'worker', 3), { ...container(p, 'worker', 1), Labels: { ...container(p, 'worker', 1).Labels, [LABELS.service]: 'gone' } }];
  const plan = planUp(p, ['worker'], observed);
  assert.deepEqual(kinds(plan), { worker: ['keep', 'remove', 'create'] });
  assert.deepEqual(plan.orphans.map((c) => c.Labels?.[LABELS.service]), ['gone']);
  assert.deepEqual(kinds(planUp(p, ['worker'], observed, { scale: { worker: 0 } })), { worker: ['remove', 'remove'] });
});
