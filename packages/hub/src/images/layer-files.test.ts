import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { listLayer } from './layer-files.js';

async function layerTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'bin/', type: 'directory' });
  pack.entry({ name: 'bin/tool', size: 5 }, 'hello');
  pack.entry({ name: 'bin/link', type: 'symlink', linkname: 'tool' });
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const expected = [
  { path: 'bin', type: 'dir', size: 0 },
  { path: 'bin/tool', type: 'file', size: 5 },
  { path: 'bin/link', type: 'symlink', size: 0, link: 'tool' },
];

describe('listLayer', () => {
  it('lists a plain, a gzip and a zstd layer alike', async () => {
    const plain = await layerTar();
    const zstd = execFileSync('/usr/bin/zstd', ['-q', '-c'], { input: plain });
    for (const blob of [plain, gzipSync(plain), zstd]) {
      const { entries, truncated } = await listLayer(Readable.from([blob]));
      assert.deepEqual(entries, expected);
      assert.equal(truncated, false);
    }
  });

  it('a corrupt zstd layer fails with zstd\'s words, not a hang', async () => {
    const broken = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(64, 7)]);
    await assert.rejects(listLayer(Readable.from([broken])), /zstd/);
  });
});
