import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';
import { ConflictError, NotFoundError } from '@quai/common';
import { FsContentStore } from '../content/content-store.js';
import { EventBus } from '../events/event-bus.js';
import { OverlaySnapshotter } from '../snapshots/overlay-snapshotter.js';
import { ImageService } from './image-service.js';
import { legacyArchive, tarOf } from './test-layers.js';

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('this test needs root (uid 0): run the suite as root');
}

function newService(root: string, users: Array<{ id: string; running: boolean; image: string }> = []) {
  const paths = { dataRoot: join(root, 'data'), execRoot: join(root, 'run') };
  const events = new EventBus();
  const seen: string[] = [];
  events.subscribe((e) => seen.push(`${e.action} ${e.attributes.name}`));
  const images = new ImageService({
    paths, events, content: new FsContentStore(paths), snapshotter: new OverlaySnapshotter(paths),
    users: { containersUsing: (id) => users.filter((u) => u.image === id) },
  });
  return { images, seen, paths };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function archiveEntries(archive: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const extract = tar.extract();
  Readable.from([archive]).pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) out.set(entry.header.name, await readAll(entry as unknown as Readable));
  return out;
}

const fixtureLayers = async () => [
  await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/secret', content: 'hidden' }, { name: 'etc/motd', content: 'hello' }]),
  await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/.wh.secret' }]),
];

test('load (legacy archive, gzip layer), inspect, tag, history, save, load again', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-images-'));
  try {
    const { images, seen, paths } = newService(root);
    const { archive, configDigest } = await legacyArchive(await fixtureLayers(), ['fixture:1'], { gzipTop: true });
    const progress: string[] = [];
    const loaded = await images.load(Readable.from([archive]), (m) => progress.push(m));
    assert.deepEqual(loaded.messages, ['Loaded image: fixture:1']);
    assert.deepEqual(progress, loaded.messages);
    const image = await images.get('fixture:1');
    assert.equal(image.id, configDigest);
    assert.equal(image.layers.length, 2);
    assert.deepEqual(image.repoTags, ['fixture:1']);
    assert.equal(image.size, 'hiddenhello'.length);
    assert.equal((await images.get(configDigest.slice(7, 19))).id, image.id, 'short id');
    assert.equal((await images.get(configDigest.slice(7))).id, image.id, 'bare id');
    await assert.rejects(images.get('nosuch'), (e: Error) => e instanceof NotFoundError && e.message === 'No such image: nosuch:latest');
    const [top, bottom] = images.layerDirs(image) as [string, string];
    assert.ok(readFileSync(join(bottom, 'etc/secret'), 'utf8') === 'hidden');
    assert.ok(existsSync(join(top, 'etc/secret')), 'whiteout device present in the top layer');

    await images.tag('fixture:1', 'alice/fixture:2');
    assert.deepEqual((await images.get(image.id)).repoTags, ['alice/fixture:2', 'fixture:1']);
    assert.deepEqual((await images.list({ filters: new Map([['reference', ['alice/*']]]) })).map((i) => i.id), [image.id]);
    assert.deepEqual(await images.list({ filters: new Map([['dangling', ['true']]]) }), []);
    assert.equal((await images.list({ filters: new Map([['label', ['fixture=yes']]]) })).length, 1);
    const history = await images.history('fixture:1');
    assert.deepEqual(history.map((h) => [h.Id, h.CreatedBy]), [[image.id, 'layer 1'], ['<missing>', 'layer 0']]);

    const saved = await archiveEntries(await readAll(await images.save(['fixture'])));
    assert.ok(saved.has('index.json') && saved.has('manifest.json') && saved.has('oci-layout'));
    const index = JSON.parse(saved.get('index.json')!.toString());
    assert.equal(index.manifests[0].annotations['io.containerd.image.name'], 'docker.io/library/fixture:1');
    const manifestJson = JSON.parse(saved.get('manifest.json')!.toString());
    assert.deepEqual(manifestJson[0].RepoTags, ['fixture:1']);
    assert.ok(saved.has(manifestJson[0].Config));

    // The saved archive loads into a fresh engine, as the OCI layout alone too.
    const other = newService(join(root, 'other'));
    const savedTar = await readAll(await images.save(['fixture:1']));
    assert.deepEqual((await other.images.load(Readable.from([savedTar]))).messages, ['Loaded image: fixture:1']);
    assert.equal((await other.images.get('fixture:1')).id, image.id);
    const ociOnly = await tarOfEntries([...saved].filter(([n]) => n !== 'manifest.json' && n !== 'repositories'));
    const third = newService(join(root, 'third'));
    assert.deepEqual((await third.images.load(Readable.from([ociOnly]))).messages, ['Loaded image: fixture:1']);

    // A second load of the same archive unpacks nothing and changes nothing.
    assert.deepEqual((await images.load(Readable.from([archive]))).messages, ['Loaded image: fixture:1']);
    assert.ok(seen.includes('load ' + image.id) && seen.includes('tag alice/fixture:2'));

    // Untag, then delete with the last tag; layers and blobs go with it.
    assert.deepEqual(await images.remove('fixture:1'), [{ Untagged: 'fixture:1' }]);
    const removed = await images.remove('alice/fixture:2');
    assert.deepEqual(removed.slice(0, 2), [{ Untagged: 'alice/fixture:2' }, { Deleted: image.id }]);
    assert.equal(removed.length, 4, 'both layers deleted');
    assert.equal(existsSync(top), false);
    assert.equal(existsSync(join(paths.dataRoot, 'blobs/sha256', image.id.slice(7))), false);
    assert.deepEqual(await images.list(), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

async function tarOfEntries(entries: Array<[string, Buffer]>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, data] of entries) {
    await new Promise<void>((res, rej) => pack.entry({ name, type: name.endsWith('/') ? 'directory' : 'file' }, data, (e) => (e ? rej(e) : res())));
  }
  pack.finalize();
  return readAll(Readable.from(pack));
}

test('remove: Docker conflict rules, import with changes, prune, state survives a restart', async () => {
  requireRoot();
  const root = await mkdtemp(join(tmpdir(), 'quai-images-'));
  try {
    const users: Array<{ id: string; running: boolean; image: string }> = [];
    const { images } = newService(root, users);
    const rootfs = gzipSync(await tarOf([{ name: 'hello.txt', content: 'hi' }]));
    const imported = await images.import(Readable.from([rootfs]), {
      repoTag: 'imp:v1', changes: ['CMD ["/hello"]', 'ENV A=1', 'EXPOSE 80'], message: 'from test',
    });
    assert.deepEqual(imported.config.config?.Cmd, ['/hello']);
    assert.deepEqual(imported.config.history?.[0]?.comment, 'from test');
    await images.tag('imp:v1', 'imp:v2');
    const short = imported.id.slice(7, 19);
    await assert.rejects(images.remove(short), (e: Error) => e instanceof ConflictError
      && e.message === `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories`);

    users.push({ id: 'c'.repeat(64), running: true, image: imported.id });
    // One of two tags of a used image: just untagged (as Docker); the last one needs force.
    assert.deepEqual(await images.remove('imp:v1'), [{ Untagged: 'imp:v1' }]);
    await assert.rejects(images.remove('imp:v2'), /unable to remove repository reference "imp:v2" \(must force\) - container cccccccccccc is using/);
    await assert.rejects(images.remove(short, { force: true }), /\(cannot be forced\) - image is being used by running container cccccccccccc/);
    users[0]!.running = false;
    // Forced, the last tag goes and the image with it, even under a stopped container (as Docker).
    const gone = await images.remove('imp:v2', { force: true });
    assert.deepEqual(gone.slice(0, 2), [{ Untagged: 'imp:v2' }, { Deleted: imported.id }]);
    users.pop();

    const dangling = await images.import(Readable.from([await tarOf([{ name: 'x', content: 'xy' }])]));
    users.push({ id: 'd'.repeat(64), running: false, image: dangling.id });
    assert.equal((await images.prune()).ImagesDeleted, null, 'in use: not pruned');
    users.pop();

    // Restart: a new service over the same data root sees the same state.
    const again = newService(root).images;
    assert.equal((await again.list({ filters: new Map([['dangling', ['true']]]) })).length, 1);
    const report = await again.prune();
    assert.equal(report.ImagesDeleted?.[0]?.Deleted, dangling.id);
    assert.equal(report.SpaceReclaimed, 2);
    assert.deepEqual(await again.list(), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('the official busybox archive loads and unpacks', async (t) => {
  requireRoot();
  const archive = process.env.QUAI_BUSYBOX_TAR ?? resolve(fileURLToPath(import.meta.url), '../../../../../build/images/busybox.tar');
  if (!existsSync(archive)) {
    t.diagnostic(`busybox archive missing at ${archive} (build it with library/build.sh busybox)`);
    return;
  }
  const root = await mkdtemp(join(tmpdir(), 'quai-images-'));
  try {
    const { images } = newService(root);
    const { messages } = await images.load(createReadStream(archive));
    assert.deepEqual(messages, ['Loaded image: busybox:latest']);
    const image = await images.get('busybox');
    assert.ok(existsSync(join(images.layerDirs(image)[0]!, 'bin/busybox')));
    assert.ok(image.size > 1_000_000);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
