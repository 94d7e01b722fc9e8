import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsStorageDriver } from './fs-storage-driver.js';
import { storageDriverSuite } from './storage-driver.suite.js';

storageDriverSuite('filesystem', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quai-hub-fs-driver-'));
  return { driver: new FsStorageDriver(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
