/** The MetadataStore contract against a private PostgreSQL 15 cluster. */
import { after, before } from 'node:test';
import { metadataStoreSuite } from './metadata-store.suite.js';
import { openMetadataStore } from './metadata-store.js';
import { startTestPostgres, type TestPostgres } from './test-postgres.js';

let pg: TestPostgres;
before(async () => { pg = await startTestPostgres(); }, { timeout: 60_000 });
after(async () => { await pg?.stop(); });

metadataStoreSuite('PostgresMetadataStore', async () => {
  const store = await openMetadataStore(await pg.createDatabase(), '/nonexistent');
  return { store, dispose: () => store.close() };
});
