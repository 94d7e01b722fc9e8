import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeChunks } from './file-writes.js';

describe('writeChunks', () => {
  it('writes every chunk in order across batch boundaries, and reports them to onChunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quai-writes-'));
    try {
      const chunks = Array.from({ length: 70 }, (_, i) => Buffer.alloc(40_000 + i, i)); // ~2.8 MB, odd sizes
      const file = await open(join(dir, 'f'), 'w');
      let seen = 0;
      const n = await writeChunks(file, (async function* () { yield* chunks; })(), (c) => { seen += c.length; });
      await file.close();
      const expected = Buffer.concat(chunks);
      assert.equal(n, expected.length);
      assert.equal(seen, expected.length);
      assert.ok(readFileSync(join(dir, 'f')).equals(expected));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on the error of a source that fails half-way, after what was in flight is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quai-writes-'));
    try {
      const file = await open(join(dir, 'f'), 'w');
      const source = (async function* () { yield Buffer.alloc(2 * 1024 * 1024, 1); throw new Error('client went away'); })();
      await assert.rejects(writeChunks(file, source), /client went away/);
      await file.close(); // no write pending: closing does not race one
      assert.equal(readFileSync(join(dir, 'f')).length, 2 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
