/**
 * Metadata in PostgreSQL (the `pg` driver), for several hub nodes sharing
 * one database. Same tables as SQLite; text keys are `COLLATE "C"` so they
 * sort bytewise as SQLite's, and transactions are SERIALIZABLE (retried on
 * conflict) so a check-then-write (GC) is as safe as under SQLite's lock.
 * Named locks (tryLock) are session advisory locks on one connection of
 * their own, so PostgreSQL drops them all when this process goes.
 * Triggers on repositories, tags, manifests and repo_blobs (schema.ts) feed `changes`
 * (postgres-change-feed.ts).
 */
import pg from 'pg';
import type { MetadataStore, SqlRunner, SqlValue } from './metadata-store.js';
import { PostgresChangeFeed } from './postgres-change-feed.js';
import { schemaSql } from './schema.js';

/** BIGINT (sizes, counts) as JS numbers: blob sizes stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** `?` → `$1, $2 ...` (no query of ours has a literal `?`). */
const rewritten = new Map<string, string>();
function toPg(sql: string): string {
  let out = rewritten.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    rewritten.set(sql, out);
  }
  return out;
}

function runner(q: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async get<T>(sql: string, params: SqlValue[] = []) { return (await q.query(toPg(sql), params)).rows[0] as T | undefined; },
    async all<T>(sql: string, params: SqlValue[] = []) { return (await q.query(toPg(sql), params)).rows as T[]; },
    async run(sql: string, params: SqlValue[] = []) { return (await q.query(toPg(sql), params)).rowCount ?? 0; },
  };
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export class PostgresMetadataStore implements MetadataStore {
  readonly kind = 'postgres' as const;
  private readonly direct: SqlRunner;

  private readonly held = new Set<string>();
  private lockClient: Promise<pg.Client> | undefined;

  private constructor(private readonly pool: pg.Pool, private readonly url: string, readonly changes: PostgresChangeFeed) {
    this.direct = runner(pool);
  }

  static async open(url: string): Promise<PostgresMetadataStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10, types });
    // An idle client's error (server restart) must not crash the hub; the next query reconnects.
    pool.on('error', () => {});
    try {
      // Two nodes starting at once: serialise the CREATEs with an advisory lock.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(7145)');
        await client.query(schemaSql('postgres'));
        await client.query('SELECT pg_advisory_unlock(7145)');
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end();
      throw err;
    }
    const changes = new PostgresChangeFeed(url);
    await changes.start();
    return new PostgresMetadataStore(pool, url, changes);
  }

  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> { return this.direct.get<T>(sql, params); }
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]> { return this.direct.all<T>(sql, params); }
  run(sql: string, params?: SqlValue[]): Promise<number> { return this.direct.run(sql, params); }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        try {
          const result = await fn(runner(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK');
          const code = (err as { code?: string }).code;
          if (attempt >= 10 || !code || !RETRYABLE.has(code)) throw err;
          await new Promise((r) => setTimeout(r, attempt * 5 * Math.random()));
        }
      }
    } finally {
      client.release();
    }
  }

  /** The connection that holds this process's advisory locks (made on first use, again after it breaks). */
  private lockConnection(): Promise<pg.Client> {
    if (!this.lockClient) {
      const client = new pg.Client({ connectionString: this.url, types });
      const ready = client.connect().then(() => client);
      this.lockClient = ready;
      // Broken: its locks are gone with it; the next tryLock opens another.
      client.on('error', () => { if (this.lockClient === ready) this.lockClient = undefined; });
      client.on('end', () => { if (this.lockClient === ready) this.lockClient = undefined; });
      ready.catch(() => { if (this.lockClient === ready) this.lockClient = undefined; });
    }
    return this.lockClient;
  }

  async tryLock(name: string): Promise<(() => Promise<void>) | undefined> {
    // Advisory locks nest within one session: the set keeps this process's own holders apart.
    if (this.held.has(name)) return undefined;
    this.held.add(name);
    try {
      const client = await this.lockConnection();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [name]);
      if (!rows[0]!.ok) {
        this.held.delete(name);
        return undefined;
      }
      return async () => {
        this.held.delete(name);
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {});
      };
    } catch (err) {
      this.held.delete(name);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.changes.close();
    const locks = this.lockClient;
    this.lockClient = undefined;
    if (locks) await locks.then((c) => c.end(), () => {});
    await this.pool.end();
  }
}
