import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskReserve } from './disk-reserve.js';

test('the reserve is written once, given back on a full disk, and a write is tried again after', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'quai-reserve-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const reserve = new DiskReserve(dir, 64 * 1024);
  await reserve.refill();
  assert.equal((await stat(reserve.path)).size, 64 * 1024);

  let attempts = 0;
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const result = await reserve.retryWhenFull(async () => { if (attempts++ === 0) throw full; return 'written'; });
  assert.equal(result, 'written');
  assert.equal(attempts, 2);
  await assert.rejects(stat(reserve.path), /ENOENT/, 'the room went to the write');

  // Without a reserve left, the disk's error stands; other errors are never retried.
  await assert.rejects(reserve.retryWhenFull(async () => { throw full; }), /ENOSPC/);
  let tries = 0;
  await reserve.refill();
  await assert.rejects(reserve.retryWhenFull(async () => { tries++; throw new Error('other'); }), /other/);
  assert.equal(tries, 1);
  assert.equal((await stat(reserve.path)).size, 64 * 1024, 'kept for a full disk');
});
