/**
 * The StorageDriver contract, run against every driver: FsStorageDriver
 * (fs-storage-driver.test.ts) and S3StorageDriver on Ceph's radosgw
 * (s3-storage-driver.cluster.test.ts). States go through JSON between
 * writes, as they do through the metadata store between hub nodes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ByteSource, StorageDriver, WriteState } from './storage-driver.js';

export interface DriverUnderTest {
  driver: StorageDriver;
  /** Bytes per part, for drivers that write in parts (S3), else undefined. */
  partSize?: number;
  /** Keys per list page, to see pagination at work. */
  listPageSize?: number;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

async function readAll(driver: StorageDriver, path: string, range?: { start: number; end?: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await driver.reader(path, range)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Through JSON, as the metadata store keeps it. */
function kept(state: WriteState): WriteState {
  return JSON.parse(JSON.stringify(state)) as WriteState;
}

/** A source that yields `bytes` in pieces of `piece`, then fails (a client gone mid-request). */
async function* failingAfter(bytes: Buffer, piece: number): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
  throw new Error('client went away');
}

function pieces(bytes: Buffer, piece: number): ByteSource {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) out.push(bytes.subarray(i, i + piece));
  return out;
}

export function storageDriverSuite(label: string, make: () => Promise<DriverUnderTest>): void {
  describe(`storage driver contract (${label})`, () => {
    let t: DriverUnderTest;
    let d: StorageDriver;
    const root = `suite-${randomBytes(4).toString('hex')}`;
    before(async () => { t = await make(); d = t.driver; });
    after(async () => {
      await d.delete(root);
      await t.cleanup();
    });

    it('puts, gets and stats whole objects; absent ones are undefined', async () => {
      const bytes = Buffer.from('{"schemaVersion":2}');
      assert.equal(await d.stat(`${root}/whole/m`), undefined);
      await d.putContent(`${root}/whole/m`, bytes);
      assert.deepEqual(await d.getContent(`${root}/whole/m`), bytes);
      const st = await d.stat(`${root}/whole/m`);
      assert.equal(st?.size, bytes.length);
      assert.ok(Math.abs(st!.modified.getTime() - Date.now()) < 120_000, `modified ${st!.modified.toISOString()}`);
      await d.putContent(`${root}/whole/m`, Buffer.from('replaced'));
      assert.equal((await d.getContent(`${root}/whole/m`)).toString(), 'replaced');
      await d.putContent(`${root}/whole/empty`, Buffer.alloc(0));
      assert.equal((await d.stat(`${root}/whole/empty`))?.size, 0);
    });

    it('reads byte ranges (inclusive end, open end)', async () => {
      const bytes = randomBytes(100_000);
      await d.putContent(`${root}/ranges/blob`, bytes);
      assert.deepEqual(await readAll(d, `${root}/ranges/blob`), bytes);
      assert.deepEqual(await readAll(d, `${root}/ranges/blob`, { start: 10, end: 19 }), bytes.subarray(10, 20));
      assert.deepEqual(await readAll(d, `${root}/ranges/blob`, { start: 99_990 }), bytes.subarray(99_990));
      await assert.rejects(d.reader(`${root}/ranges/absent`));
    });

    it('moves: the target reads whole, the source is gone', async () => {
      const bytes = randomBytes(3 * MiB);
      await d.putContent(`${root}/move/from`, bytes);
      await d.move(`${root}/move/from`, `${root}/move/to/data`);
      assert.equal(await d.stat(`${root}/move/from`), undefined);
      assert.deepEqual(await readAll(d, `${root}/move/to/data`), bytes);
    });

    it('deletes an object and everything under it; absent is fine', async () => {
      await d.putContent(`${root}/del/a/b`, Buffer.from('b'));
      await d.putContent(`${root}/del/a/c/d`, Buffer.from('d'));
      await d.putContent(`${root}/del/one`, Buffer.from('1'));
      await d.putContent(`${root}/del/keep`, Buffer.from('k'));
      await d.delete(`${root}/del/a`);
      await d.delete(`${root}/del/one`);
      assert.equal(await d.stat(`${root}/del/a/b`), undefined);
      assert.equal(await d.stat(`${root}/del/a/c/d`), undefined);
      assert.equal(await d.stat(`${root}/del/one`), undefined);
      assert.deepEqual(await d.list(`${root}/del`), ['keep']);
      await d.delete(`${root}/del/never-was`);
    });

    it('lists names directly under a directory, every page of them', async () => {
      const n = (t.listPageSize ?? 10) * 2 + 5;
      const names = Array.from({ length: n }, (_, i) => `e${String(i).padStart(3, '0')}`);
      await Promise.all(names.map((name) => d.putContent(`${root}/list/${name}`, Buffer.from(name))));
      await d.putContent(`${root}/list/sub/deeper`, Buffer.from('x'));
      assert.deepEqual(await d.list(`${root}/list`), [...names, 'sub']);
      assert.deepEqual(await d.list(`${root}/nothing-here`), []);
    });

    it('writes in pieces across part boundaries, the state kept as JSON between writes', async () => {
      const part = t.partSize ?? MiB;
      const bytes = randomBytes(2 * part + 12_345);
      const path = `${root}/w1/data`;
      let state = kept(await d.startWrite(path));
      const seen = createHash('sha256');
      // A small chunk, one that crosses a part boundary, then the rest with the finish.
      for (const [a, b] of [[0, 3], [3, part + 100]] as const) {
        state = kept(await d.write(state, pieces(bytes.subarray(a, b), 64 * 1024), { onData: (c) => seen.update(c) }));
        assert.equal(state.size, b);
      }
      const readable = await d.finishWrite(state, pieces(bytes.subarray(part + 100), 100_000), { onData: (c) => seen.update(c) });
      assert.equal(seen.digest('hex'), createHash('sha256').update(bytes).digest('hex'), 'onData saw every byte once, in order');
      assert.deepEqual(await readAll(d, readable), bytes);
      await d.move(readable, `${root}/w1/blob`);
      assert.deepEqual(await readAll(d, `${root}/w1/blob`), bytes);
      await d.delete(`${root}/w1`);
      assert.deepEqual(await d.list(root).then((l) => l.filter((x) => x === 'w1')), []);
    });

    it('keeps only acknowledged bytes: a write that fails half way is replaced by the next one', async () => {
      const part = t.partSize ?? MiB;
      const first = randomBytes(part + 10);
      const lost = randomBytes(part + 77);
      const second = randomBytes(1234);
      const path = `${root}/w2/data`;
      const acknowledged = kept(await d.write(await d.startWrite(path), [first]));
      await assert.rejects(d.write(acknowledged, failingAfter(lost, 256 * 1024)), /client went away/);
      const readable = await d.finishWrite(kept(acknowledged), [second]);
      assert.deepEqual(await readAll(d, readable), Buffer.concat([first, second]));
      await d.delete(`${root}/w2`);
    });

    it('finishes small and empty writes, and writes of exactly a part', async () => {
      for (const size of [0, 1, t.partSize ?? MiB]) {
        const bytes = randomBytes(size);
        const path = `${root}/w3-${size}/data`;
        const readable = await d.finishWrite(kept(await d.startWrite(path)), [bytes]);
        assert.deepEqual(await readAll(d, readable), bytes, `${size} bytes`);
        const again = await d.finishWrite(kept(await d.write(await d.startWrite(`${root}/w3b-${size}/data`), [bytes])));
        assert.deepEqual(await readAll(d, again), bytes, `${size} bytes, then an empty finish`);
      }
    });

    it('expires abandoned writes it holds outside any path, never live ones', async () => {
      const part = t.partSize ?? MiB;
      const live = kept(await d.write(await d.startWrite(`${root}/w4/live`), [randomBytes(part + 1)]));
      const gone = kept(await d.write(await d.startWrite(`${root}/w4/gone`), [randomBytes(part + 1)]));
      const isLive = async (path: string) => path !== gone.path;
      const future = new Date(Date.now() + 60_000);
      const expired = await d.expireWrites(future, isLive);
      assert.equal(await d.expireWrites(new Date(0), async () => false), 0, 'nothing started before the epoch');
      const readable = await d.finishWrite(live);
      assert.equal((await d.stat(readable))?.size, part + 1);
      if (expired > 0) await assert.rejects(d.finishWrite(gone), 'an expired write cannot be finished');
      await d.abortWrite(live);
      await d.delete(`${root}/w4`);
    });

    it('gives a URL that serves the object (with ranges) when it has one', async (ctx) => {
      const bytes = randomBytes(4096);
      await d.putContent(`${root}/redirect/blob`, bytes);
      const url = await d.redirectUrl(`${root}/redirect/blob`, 60);
      if (!url) return ctx.skip('this driver has no URLs of its own');
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
      const part = await fetch(url, { headers: { Range: 'bytes=100-199' } });
      assert.equal(part.status, 206);
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    });
  });
}
