import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@quai/common';
import { FsContentStore } from './content-store.js';

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('content store: verified writes, mismatches rejected, crash leftovers swept', async () => {
  const root = await mkdtemp(join(tmpdir(), 'quai-content-'));
  try {
    const paths = { dataRoot: root, execRoot: join(root, 'run') };
    // A crash mid-write left a temp file behind.
    await mkdir(join(root, 'ingest'), { recursive: true });
    await writeFile(join(root, 'ingest', 'stale'), 'half a blob');
    const store = new FsContentStore(paths);
    const data = Buffer.from('hello blob');
    const info = await store.write(digestOf(data), Readable.from([data.subarray(0, 3), data.subarray(3)]));
    assert.deepEqual(info, { digest: digestOf(data), size: data.length });
    assert.deepEqual(await readdir(join(root, 'ingest')), []);
    assert.ok(await store.has(info.digest));
    assert.deepEqual(await store.get(info.digest), data);
    assert.equal((await store.info(info.digest)).size, data.length);

    const wrong = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(store.write(wrong, Buffer.from('other')), InvalidArgumentError);
    assert.equal(await store.has(wrong), false);
    assert.equal(await store.has(digestOf(Buffer.from('other'))), false);
    assert.deepEqual(await readdir(join(root, 'ingest')), []);

    const unnamed = await store.write(undefined, Buffer.from('x'));
    assert.deepEqual((await store.list()).map((c) => c.digest).sort(), [info.digest, unnamed.digest].sort());
    await store.delete(unnamed.digest);
    assert.equal(await store.has(unnamed.digest), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
