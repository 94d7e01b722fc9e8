import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageRecord } from '@quai/engine';
import { toInspect, toSummary } from './shape.js';

const image: ImageRecord = {
  id: `sha256:${'a'.repeat(64)}`, topChainId: `sha256:${'2'.repeat(64)}`, repoTags: ['x:1'], repoDigests: [], size: 42,
  created: '2024-01-02T03:04:05Z', parent: '',
  layers: [{ diffId: `sha256:${'1'.repeat(64)}`, chainId: `sha256:${'1'.repeat(64)}`, size: 40 },
    { diffId: `sha256:${'3'.repeat(64)}`, chainId: `sha256:${'2'.repeat(64)}`, size: 2 }],
  config: { architecture: 'amd64', os: 'linux', created: '2024-01-02T03:04:05Z', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [] } },
};

test('summary: unix Created, VirtualSize only before API 1.44', () => {
  const s = toSummary(image, '1.43');
  assert.equal(s.Created, Date.UTC(2024, 0, 2, 3, 4, 5) / 1000);
  assert.equal(s.VirtualSize, 42);
  assert.equal('VirtualSize' in toSummary(image, '1.47'), false);
  assert.equal(s.SharedSize, -1);
});

test('inspect: GraphDriver dirs, RootFS, Container fields only before 1.45', () => {
  const i = toInspect(image, ['/top', '/bottom'], '1.47') as any;
  assert.deepEqual(i.GraphDriver, { Name: 'overlay2', Data: { LowerDir: '/bottom', UpperDir: '/top' } });
  assert.deepEqual(i.RootFS.Layers, image.layers.map((l) => l.diffId));
  assert.deepEqual(i.Config.Cmd, ['sh']);
  assert.equal(i.Config.Entrypoint, null);
  assert.equal(i.Metadata.LastTagTime, '0001-01-01T00:00:00Z');
  assert.equal('ContainerConfig' in i, false);
  assert.ok('ContainerConfig' in (toInspect(image, [], '1.44') as any));
});
