/**
 * Where the hub keeps its metadata: who owns what and which digests a
 * repository may see (the bytes live in the storage driver). One small SQL
 * surface, two engines: SqliteMetadataStore (default, a file under the data
 * root, WAL so `quai hub user add` can write while the hub serves) and
 * PostgresMetadataStore (several hub nodes sharing one database).
 *
 * Queries are written once, in the subset both engines accept: `?`
 * placeholders (PostgreSQL's driver rewrites them to `$n`), `ON CONFLICT`
 * instead of `INSERT OR ...`, `"user"` quoted (reserved in PostgreSQL),
 * `CAST(? AS TEXT)` where a parameter's type would be ambiguous, booleans
 * as 0/1 integers, times as ISO-8601 text. Text keys compare bytewise in
 * both (PostgreSQL columns are `COLLATE "C"`), so pagination by `name > ?`
 * means the same thing everywhere.
 *
 *   users(name, kind, password_hash, admin)      accounts; orgs are users with kind='org'
 *   members(org, "user")                         organisation membership
 *   repositories(id, name, namespace, private, ...)  created on first push
 *   blobs(digest, size)                          every committed blob
 *   repo_blobs(repo_id, digest)                  a blob is visible to a repository only
 *                                                once pushed or mounted into it
 *   manifests(repo_id, digest, media_type, ...)  subject/artifact_type for referrers
 *   manifest_refs(repo_id, digest, child)        what a manifest refers to (for GC)
 *   tags(repo_id, tag, digest)
 *   refresh_tokens, access_tokens, token_uses    login identity tokens, PATs and their last use
 *   webhooks(id, repo_id, url, secret), webhook_deliveries(webhook_id, at, status, error)
 *   teams(org, name), team_members(org, team, "user")   see orgs.ts
 *   sessions(id_hash, "user", csrf, expires)     web logins (cookie → sha256 here)
 *   stars(repo_id, "user"), collaborators(repo_id, "user")
 *   image_summaries(digest, os, architecture, size)   per manifest, for the tags pages
 *   layer_files(digest, entries)                 a layer's tar listing, for the layer explorer
 *   uploads(uuid, repo, started, updated, state)  blob uploads in progress: the storage
 *                                                driver's WriteState, so any node carries on
 *   webhook_queue(id, webhook_id, event, body, attempts, next_at, claimed_until)
 *                                                push deliveries to send (api/webhooks.ts)
 *   login_failures(subject, failures, last_failure, locked_until)   the login guard's counts (ms times)
 *   signing_keys(id, jwk, created)               the token-signing key every node shares
 *   gc_runs(id, node, started, finished, ...)    garbage collections: who, when, what went
 *
 * PostgreSQL also tells every process which repositories changed (the
 * store's `changes`): triggers on repositories, tags, manifests and
 * repo_blobs send the repository's id at commit, so each hub node may keep
 * the registry's reads in memory (registry/read-cache.ts). SQLite has no such feed: another
 * process (`quai hub` commands) may write the file unseen.
 *
 * Example:
 *   const store = await openMetadataStore('sqlite:', '/var/lib/quai-hub');
 *   await store.run('INSERT INTO blobs (digest, size, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [d, 3, now()]);
 *   await store.transaction(async (tx) => { await tx.run(...); await tx.run(...); });
 */
import { join } from 'node:path';

export type SqlValue = string | number | null;

export interface SqlRunner {
  /** The first row, or undefined. */
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

/**
 * Which repositories' rows (repositories, tags, manifests, repo_blobs) changed, as the
 * changes commit, whichever process made them. `undefined`: every
 * repository may have changed (the feed was cut and is back; what was
 * missed meanwhile is unknown).
 */
export interface ChangeFeed {
  /** True while changes are being heard; false while the feed is cut (then nothing may be cached). */
  readonly live: boolean;
  subscribe(fn: (repoId: number | undefined) => void): void;
  /**
   * Resolves once this process has heard every change committed before the
   * call (at once while the feed is cut): a write awaits it before it
   * answers, so the next request, on any node, reads past the change.
   */
  settled(): Promise<void>;
}

export interface MetadataStore extends SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  /** Changes by every process sharing the store, when the engine can tell them (PostgreSQL). */
  readonly changes?: ChangeFeed;
  /**
   * All or nothing, isolated from concurrent writers. Inside `fn` use only
   * `tx` (the store itself waits for the transaction to end), and expect
   * `fn` to run again after a serialisation conflict (PostgreSQL).
   */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * A named lock that holds across every process sharing the store, or
   * undefined at once when someone else holds it. PostgreSQL: a session
   * advisory lock, which the server drops the moment the holding process
   * dies (a killed hub node never leaves one behind). SQLite: within this
   * process, the one that serves the file.
   */
  tryLock(name: string): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}

/** Runs `fn` under the named lock, waiting (polling) until it is free. */
export async function withLock<T>(store: MetadataStore, name: string, fn: () => Promise<T>): Promise<T> {
  let release = await store.tryLock(name);
  for (let wait = 5; !release; wait = Math.min(wait * 2, 200)) {
    await new Promise((r) => setTimeout(r, wait));
    release = await store.tryLock(name);
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

export function now(): string {
  return new Date().toISOString();
}

/**
 * `--database`: `sqlite:` (hub.db under the data root), `sqlite:/path/file.db`,
 * `postgres://user@host:port/db` or `postgresql:///db?host=/socket/dir`.
 */
export async function openMetadataStore(database: string, dataRoot: string): Promise<MetadataStore> {
  let store: MetadataStore;
  if (database === '' || database === 'sqlite:' || database === 'sqlite') {
    const { SqliteMetadataStore } = await import('./sqlite-metadata-store.js');
    store = SqliteMetadataStore.open(join(dataRoot, 'hub.db'));
  } else if (database.startsWith('sqlite:')) {
    const { SqliteMetadataStore } = await import('./sqlite-metadata-store.js');
    store = SqliteMetadataStore.open(database.slice('sqlite:'.length).replace(/^\/\//, ''));
  } else if (/^postgres(ql)?:\/\//.test(database)) {
    const { PostgresMetadataStore } = await import('./postgres-metadata-store.js');
    store = await PostgresMetadataStore.open(database);
  } else {
    throw new Error(`unsupported --database "${database}": sqlite: or postgres://...`);
  }
  await migrate(store);
  return store;
}

/** Data written by older hubs, brought to today's shape (idempotent). */
async function migrate(store: MetadataStore): Promise<void> {
  // Organisations made before teams existed: their members become the owners team.
  await store.run(`INSERT INTO teams (org, name, description) SELECT name, 'owners', 'Full control of the organisation'
    FROM users WHERE kind = 'org' ON CONFLICT DO NOTHING`);
  await store.run(`INSERT INTO team_members (org, team, "user") SELECT org, 'owners', "user" FROM members
    WHERE org NOT IN (SELECT org FROM team_members WHERE team = 'owners') ON CONFLICT DO NOTHING`);
}
