/** The whole registry API flow again, with metadata in a private PostgreSQL 15 cluster. */
import { after, before } from 'node:test';
import { startTestHub } from '../test-hub.js';
import { startTestPostgres, type TestPostgres } from '../metadata/test-postgres.js';
import { registryApiSuite } from './registry.suite.js';

let pg: TestPostgres;
before(async () => { pg = await startTestPostgres(); }, { timeout: 60_000 });
after(async () => { await pg?.stop(); });

registryApiSuite('PostgreSQL metadata', async () => startTestHub({ database: await pg.createDatabase() }));
