import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataStoreSuite } from './metadata-store.suite.js';
import { openMetadataStore } from './metadata-store.js';

metadataStoreSuite('SqliteMetadataStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quai-hub-meta-'));
  const store = await openMetadataStore('sqlite:', dir);
  return { store, dispose: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});
