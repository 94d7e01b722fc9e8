/** The default metadata store: one SQLite file (better-sqlite3, WAL). */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetadataStore, SqlRunner, SqlValue } from './metadata-store.js';
import { schemaSql } from './schema.js';

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
    db.exec(schemaSql('sqlite'));
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
