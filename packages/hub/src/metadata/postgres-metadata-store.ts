/**
 * Metadata in PostgreSQL (the `pg` driver), for several hub nodes sharing
 * one database. Same tables as SQLite; text keys are `COLLATE "C"` so they
 * sort bytewise as SQLite's, and transactions are SERIALIZABLE (retried on
 * conflict) so a check-then-write (GC) is as safe as under SQLite's lock.
 * Named locks (tryLock) are session advisory locks on one connection of
 * their own, so PostgreSQL drops them all when this process goes.
 * Triggers on repositories, tags and manifests feed `changes`
 * (postgres-change-feed.ts).
 */
import pg from 'pg';
import type { MetadataStore, SqlRunner, SqlValue } from './metadata-store.js';
import { CHANGES_CHANNEL, PostgresChangeFeed } from './postgres-change-feed.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id SERIAL PRIMARY KEY, name TEXT COLLATE "C" NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT 'user',
  password_hash TEXT, admin INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
  org TEXT COLLATE "C" NOT NULL, "user" TEXT COLLATE "C" NOT NULL, PRIMARY KEY (org, "user"));
CREATE TABLE IF NOT EXISTS repositories (
  id SERIAL PRIMARY KEY, name TEXT COLLATE "C" NOT NULL UNIQUE, namespace TEXT COLLATE "C" NOT NULL,
  private INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '', readme TEXT NOT NULL DEFAULT '',
  pull_count BIGINT NOT NULL DEFAULT 0, created TEXT NOT NULL, pushed TEXT);
CREATE TABLE IF NOT EXISTS blobs (digest TEXT COLLATE "C" PRIMARY KEY, size BIGINT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repo_blobs (
  repo_id INTEGER NOT NULL, digest TEXT COLLATE "C" NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE INDEX IF NOT EXISTS repo_blobs_digest ON repo_blobs (digest);
CREATE TABLE IF NOT EXISTS manifests (
  repo_id INTEGER NOT NULL, digest TEXT COLLATE "C" NOT NULL, media_type TEXT NOT NULL, size BIGINT NOT NULL,
  artifact_type TEXT, subject TEXT COLLATE "C", annotations TEXT, created TEXT NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE INDEX IF NOT EXISTS manifests_subject ON manifests (repo_id, subject);
CREATE TABLE IF NOT EXISTS manifest_refs (
  repo_id INTEGER NOT NULL, digest TEXT COLLATE "C" NOT NULL, child TEXT COLLATE "C" NOT NULL, PRIMARY KEY (repo_id, digest, child));
CREATE INDEX IF NOT EXISTS manifest_refs_child ON manifest_refs (child);
CREATE TABLE IF NOT EXISTS tags (
  repo_id INTEGER NOT NULL, tag TEXT COLLATE "C" NOT NULL, digest TEXT COLLATE "C" NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (repo_id, tag));
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY, "user" TEXT COLLATE "C" NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
  id TEXT PRIMARY KEY, "user" TEXT COLLATE "C" NOT NULL, label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS webhooks (
  id SERIAL PRIMARY KEY, repo_id INTEGER NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS repositories_namespace ON repositories (namespace, name);
CREATE INDEX IF NOT EXISTS repositories_pulls ON repositories (pull_count);
CREATE INDEX IF NOT EXISTS repositories_pushed ON repositories (pushed);
CREATE INDEX IF NOT EXISTS tags_updated ON tags (repo_id, updated);
CREATE TABLE IF NOT EXISTS token_uses (token_id TEXT PRIMARY KEY, last_used TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, "user" TEXT COLLATE "C" NOT NULL, csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions ("user");
CREATE TABLE IF NOT EXISTS stars (repo_id INTEGER NOT NULL, "user" TEXT COLLATE "C" NOT NULL, created TEXT NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE INDEX IF NOT EXISTS stars_user ON stars ("user");
CREATE TABLE IF NOT EXISTS collaborators (repo_id INTEGER NOT NULL, "user" TEXT COLLATE "C" NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE TABLE IF NOT EXISTS teams (org TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL, description TEXT NOT NULL DEFAULT '', PRIMARY KEY (org, name));
CREATE TABLE IF NOT EXISTS team_members (org TEXT COLLATE "C" NOT NULL, team TEXT COLLATE "C" NOT NULL, "user" TEXT COLLATE "C" NOT NULL, PRIMARY KEY (org, team, "user"));
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id SERIAL PRIMARY KEY, webhook_id INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, status INTEGER, error TEXT);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
CREATE TABLE IF NOT EXISTS image_summaries (
  digest TEXT COLLATE "C" PRIMARY KEY, os TEXT NOT NULL, architecture TEXT NOT NULL, size BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS layer_files (digest TEXT COLLATE "C" PRIMARY KEY, entries TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
  uuid TEXT PRIMARY KEY, repo TEXT NOT NULL, started TEXT NOT NULL, updated TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS uploads_updated ON uploads (updated);
CREATE TABLE IF NOT EXISTS login_failures (
  subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure BIGINT NOT NULL, locked_until BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS webhook_queue (
  id SERIAL PRIMARY KEY, webhook_id INTEGER NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL,
  attempts INTEGER NOT NULL, next_at TEXT NOT NULL, claimed_until TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_queue_due ON webhook_queue (next_at);
CREATE TABLE IF NOT EXISTS signing_keys (id INTEGER PRIMARY KEY, jwk TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gc_runs (
  id SERIAL PRIMARY KEY, node TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, deleted INTEGER, freed_bytes BIGINT, error TEXT);
CREATE OR REPLACE FUNCTION quai_repo_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'repositories' THEN
    PERFORM pg_notify('${CHANGES_CHANNEL}', r.id::text);
  ELSE
    PERFORM pg_notify('${CHANGES_CHANNEL}', r.repo_id::text);
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER repositories_changed AFTER DELETE ON repositories FOR EACH ROW EXECUTE FUNCTION quai_repo_changed();
CREATE OR REPLACE TRIGGER tags_changed AFTER INSERT OR UPDATE OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION quai_repo_changed();
CREATE OR REPLACE TRIGGER manifests_changed AFTER INSERT OR UPDATE OR DELETE ON manifests FOR EACH ROW EXECUTE FUNCTION quai_repo_changed();
`;

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
        await client.query(SCHEMA);
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
