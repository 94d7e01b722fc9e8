import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirs } from './make-dirs.js';

test('makeDirs makes every level, and a failure names the real cause', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'quai-dirs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await makeDirs(join(dir, 'a/b/c'), 0o750);
  assert.ok((await stat(join(dir, 'a/b/c'))).isDirectory());
  await makeDirs(join(dir, 'a/b/c')); // already there
  await writeFile(join(dir, 'file'), '');
  await assert.rejects(makeDirs(join(dir, 'file/sub/deeper')), /ENOTDIR/);
});
