/**
 * `--storage`: where blobs go. A directory (`/srv/hub-blobs`, `file:///srv/hub-blobs`;
 * default `<data-root>/storage`) or a bucket (`s3://BUCKET?endpoint=...&region=...`).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageDriver } from './storage-driver.js';
import { FsStorageDriver } from './fs-storage-driver.js';

export async function openStorageDriver(spec: string | undefined, dataRoot: string): Promise<StorageDriver> {
  if (!spec) return new FsStorageDriver(join(dataRoot, 'storage'));
  if (spec.startsWith('s3://')) {
    const { S3StorageDriver, parseS3Url } = await import('./s3-storage-driver.js');
    const driver = new S3StorageDriver(parseS3Url(spec));
    await driver.check();
    return driver;
  }
  if (spec.startsWith('file://')) return new FsStorageDriver(fileURLToPath(spec));
  if (spec.startsWith('/')) return new FsStorageDriver(spec);
  throw new Error(`unsupported --storage "${spec}": a directory (/path, file:///path) or s3://BUCKET?endpoint=...&region=...`);
}
