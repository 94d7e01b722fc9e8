import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSizes, type UsageImage } from './shared-size.js';

const layer = (chainId: string, size: number) => ({ chainId, size });
const base = layer('base', 2_000);
const a = layer('a', 3_000);
const b = layer('b', 1_000);

/** What the docker CLI 28 prints as the images' RECLAIMABLE, from the same rows. */
function cliReclaimable(images: UsageImage[], layersSize: number): number {
  const shared = sharedSizes(images);
  const size = (i: UsageImage) => i.layers.reduce((n, l) => n + l.size, 0);
  return layersSize - images.filter((i) => i.containers > 0).reduce((n, i) => n + size(i) - shared.get(i.id)!, 0);
}

test('layers held by images in use are never reclaimable, even when shared', () => {
  const images: UsageImage[] = [
    { id: 'busybox', created: '2020', layers: [base], containers: 0 },
    { id: 'two', created: '2021', layers: [base, a], containers: 1 },
    { id: 'three', created: '2022', layers: [base, a, b], containers: 1 },
  ];
  const shared = sharedSizes(images);
  assert.deepEqual(Object.fromEntries(shared), { busybox: 2_000, two: 0, three: 5_000 });
  assert.equal(cliReclaimable(images, 6_000), 0);
});

test('the unused images\' unique sizes add up to what the CLI calls reclaimable', () => {
  const images: UsageImage[] = [
    { id: 'busybox', created: '2020', layers: [base], containers: 1 },
    { id: 'two', created: '2021', layers: [base, a], containers: 0 },
    { id: 'three', created: '2022', layers: [base, a, b], containers: 0 },
  ];
  const shared = sharedSizes(images);
  const unusedUnique = images.filter((i) => i.containers === 0)
    .reduce((n, i) => n + i.layers.reduce((m, l) => m + l.size, 0) - shared.get(i.id)!, 0);
  assert.equal(unusedUnique, 4_000);
  assert.equal(cliReclaimable(images, 6_000), 4_000);
});
