/** The default metadata store: one SQLite file (better-sqlite3, WAL). */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetadataStore, SqlRunner, SqlValue } from './metadata-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT 'user',
  password_hash TEXT, admin INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
  org TEXT NOT NULL, "user" TEXT NOT NULL, PRIMARY KEY (org, "user"));
CREATE TABLE IF NOT EXISTS repositories (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, namespace TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '', readme TEXT NOT NULL DEFAULT '',
  pull_count INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, pushed TEXT);
CREATE TABLE IF NOT EXISTS blobs (digest TEXT PRIMARY KEY, size INTEGER NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repo_blobs (
  repo_id INTEGER NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE TABLE IF NOT EXISTS manifests (
  repo_id INTEGER NOT NULL, digest TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL,
  artifact_type TEXT, subject TEXT, annotations TEXT, created TEXT NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE INDEX IF NOT EXISTS manifests_subject ON manifests (repo_id, subject);
CREATE TABLE IF NOT EXISTS manifest_refs (
  repo_id INTEGER NOT NULL, digest TEXT NOT NULL, child TEXT NOT NULL, PRIMARY KEY (repo_id, digest, child));
CREATE TABLE IF NOT EXISTS tags (
  repo_id INTEGER NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (repo_id, tag));
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
  id TEXT PRIMARY KEY, "user" TEXT NOT NULL, label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS webhooks (
  id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS manifest_refs_child ON manifest_refs (child);
CREATE INDEX IF NOT EXISTS repositories_namespace ON repositories (namespace, name);
CREATE INDEX IF NOT EXISTS repositories_pulls ON repositories (pull_count);
CREATE INDEX IF NOT EXISTS repositories_pushed ON repositories (pushed);
CREATE INDEX IF NOT EXISTS tags_updated ON tags (repo_id, updated);
CREATE TABLE IF NOT EXISTS token_uses (token_id TEXT PRIMARY KEY, last_used TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL, csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions ("user");
CREATE TABLE IF NOT EXISTS stars (repo_id INTEGER NOT NULL, "user" TEXT NOT NULL, created TEXT NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE INDEX IF NOT EXISTS stars_user ON stars ("user");
CREATE TABLE IF NOT EXISTS collaborators (repo_id INTEGER NOT NULL, "user" TEXT NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE TABLE IF NOT EXISTS teams (org TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', PRIMARY KEY (org, name));
CREATE TABLE IF NOT EXISTS team_members (org TEXT NOT NULL, team TEXT NOT NULL, "user" TEXT NOT NULL, PRIMARY KEY (org, team, "user"));
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id INTEGER PRIMARY KEY, webhook_id INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, status INTEGER, error TEXT);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
CREATE TABLE IF NOT EXISTS image_summaries (
  digest TEXT PRIMARY KEY, os TEXT NOT NULL, architecture TEXT NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS layer_files (digest TEXT PRIMARY KEY, entries TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
  uuid TEXT PRIMARY KEY, repo TEXT NOT NULL, started TEXT NOT NULL, updated TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS uploads_updated ON uploads (updated);
CREATE TABLE IF NOT EXISTS login_failures (
  subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS webhook_queue (
  id INTEGER PRIMARY KEY, webhook_id INTEGER NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL,
  attempts INTEGER NOT NULL, next_at TEXT NOT NULL, claimed_until TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_queue_due ON webhook_queue (next_at);
CREATE TABLE IF NOT EXISTS signing_keys (id INTEGER PRIMARY KEY, jwk TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gc_runs (
  id INTEGER PRIMARY KEY, node TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, deleted INTEGER, freed_bytes INTEGER, error TEXT);
`;

/**
 * Statements run synchronously (better-sqlite3); the promises give the
 * PostgreSQL store's shape. One connection: while a transaction runs, other
 * statements wait for it rather than slip into it.
 */
export class SqliteMetadataStore implements MetadataStore {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private busy: Promise<void> | undefined;

  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SqliteMetadataStore {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Password hashes and tokens live here: owner-only. SQLite gives its -wal
    // and -shm files the database file's mode, so they follow.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    return new SqliteMetadataStore(db);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
  private getSync<T>(sql: string, params: SqlValue[] = []): T | undefined { return this.stmt(sql).get(...params) as T | undefined; }
  private allSync<T>(sql: string, params: SqlValue[] = []): T[] { return this.stmt(sql).all(...params) as T[]; }
  private runSync(sql: string, params: SqlValue[] = []): number { return this.stmt(sql).run(...params).changes; }

  async get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> { while (this.busy) await this.busy; return this.getSync<T>(sql, params); }
  async all<T>(sql: string, params?: SqlValue[]): Promise<T[]> { while (this.busy) await this.busy; return this.allSync<T>(sql, params); }
  async run(sql: string, params?: SqlValue[]): Promise<number> { while (this.busy) await this.busy; return this.runSync(sql, params); }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise((r) => (release = r));
    const tx: SqlRunner = {
      get: async <R>(sql: string, params?: SqlValue[]) => this.getSync<R>(sql, params),
      all: async <R>(sql: string, params?: SqlValue[]) => this.allSync<R>(sql, params),
      run: async (sql: string, params?: SqlValue[]) => this.runSync(sql, params),
    };
    try {
      // IMMEDIATE: take the write lock now, so a check-then-write cannot race another process.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.busy = undefined;
      release();
    }
  }

  private readonly locks = new Set<string>();

  async tryLock(name: string): Promise<(() => Promise<void>) | undefined> {
    if (this.locks.has(name)) return undefined;
    this.locks.add(name);
    return async () => { this.locks.delete(name); };
  }

  async close(): Promise<void> {
    while (this.busy) await this.busy;
    if (this.db.open) this.db.close();
  }
}
