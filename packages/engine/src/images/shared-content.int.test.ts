/**
 * Image content shared across namespaces: two namespaces' image services on
 * one content store and snapshotter. Removal in one keeps what the other
 * holds; a lease (a pull in progress) keeps what no image holds yet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FsContentStore } from '../content/content-store.js';
import { Leases } from '../content/leases.js';
import { EventBus } from '../events/event-bus.js';
import { OverlaySnapshotter } from '../snapshots/overlay-snapshotter.js';
import { committedSnapshotDir, namespacePaths } from '../paths.js';
import { ImageIndex } from './image-index.js';
import { ImageService } from './image-service.js';
import { legacyArchive, tarOf } from './test-layers.js';

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('this test needs root (uid 0): run the suite as root');
}

function twoNamespaces(root: string) {
  const paths = { dataRoot: join(root, 'data'), execRoot: join(root, 'run') };
  const content = new FsContentStore(paths);
  const snapshotter = new OverlaySnapshotter(paths);
  const leases = new Leases();
  const indexes = ['a', 'b'].map((ns) => new ImageIndex(namespacePaths(paths, ns)));
  const shared = { leases, indexes: async () => { await Promise.all(indexes.map((i) => i.ready())); return indexes; } };
  const service = (i: number) => new ImageService({
    paths, content, snapshotter, events: new EventBus(), users: { containersUsing: () => [] }, index: indexes[i], shared,
  });
  return { paths, leases, a: service(0), b: service(1) };
}

test('a layer another namespace holds, or a lease holds, survives a removal; the last holder takes it along', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-shared-'));
  try {
    const { paths, leases, a, b } = twoNamespaces(root);
    const { archive } = await legacyArchive([await tarOf([{ name: 'f', content: 'shared bytes' }])], ['img:1']);
    await a.load(Readable.from([archive]));
    await b.load(Readable.from([archive]));
    const image = await a.get('img:1');
    const layerDir = committedSnapshotDir(paths, image.layers[0]!.chainId);
    assert.equal((await b.get('img:1')).id, image.id);

    await a.remove('img:1');
    await assert.rejects(a.get('img:1'), /No such image/);
    assert.ok(existsSync(layerDir), 'b still holds the layer');
    assert.equal((await b.get('img:1')).id, image.id);

    // b's removal while a pull in a holds a lease on the layer: the layer stays.
    const release = await leases.acquire([image.layers[0]!.chainId, image.layers[0]!.diffId]);
    await b.remove('img:1');
    assert.ok(existsSync(layerDir), 'a leased layer was removed');
    release();

    // Loaded again and removed with no lease left: now it goes.
    await a.load(Readable.from([archive]));
    await a.remove('img:1');
    assert.equal(existsSync(layerDir), false, 'the last holder left the layer behind');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a collection waits for no lease but blocks a new one until done', async () => {
  const leases = new Leases();
  const order: string[] = [];
  let finish!: () => void;
  const collecting = leases.collect(() => new Promise<void>((r) => { finish = () => { order.push('collected'); r(); }; }));
  const acquired = leases.acquire(['x']).then((release) => { order.push('leased'); return release; });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(order, [], 'a lease was taken in the middle of a collection');
  finish();
  await collecting;
  (await acquired)();
  assert.deepEqual(order, ['collected', 'leased']);
  assert.equal(leases.has('x'), false);
});
