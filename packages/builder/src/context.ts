/**
 * The build context as the API receives it: a tar (maybe compressed),
 * unpacked into a temp dir the build reads from and removes afterwards.
 * A context is a plain tar: no whiteouts, no devices, every entry inside the
 * dir (engine archive/extract-tar.ts).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { decompressed, extractTar, withRoot } from '@quai/engine';

export async function extractContext(body: Readable, parentDir: string): Promise<{ dir: string; remove(): Promise<void> }> {
  await mkdir(parentDir, { recursive: true });
  const dir = await mkdtemp(join(parentDir, 'context-'));
  try {
    const tar = await decompressed(body);
    await withRoot(dir, (root) => extractTar(root, tar));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
