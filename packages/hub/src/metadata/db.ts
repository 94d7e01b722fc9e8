/**
 * The hub's metadata in SQLite (WAL, so `quai hub user add` can write while
 * the hub serves). Bytes live in the storage driver; this holds who owns
 * what and which digests a repository may see.
 *
 *   users(name, password_hash, admin)            accounts; orgs are users with kind='org'
 *   members(org, user)                           organisation membership
 *   repositories(name, namespace, private, ...)  created on first push
 *   repo_blobs(repo, digest)                     a blob is visible to a repository only
 *                                                once pushed or mounted into it
 *   manifests(repo, digest, media_type, ...)     subject/artifact_type for referrers
 *   tags(repo, tag, digest)
 *   blobs(digest, size)                          every committed blob
 *   refresh_tokens, access_tokens                login identity tokens, PATs
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT 'user',
  password_hash TEXT, admin INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
  org TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (org, user));
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
  token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
  id TEXT PRIMARY KEY, user TEXT NOT NULL, label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS webhooks (
  id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL);
`;

export function openDb(dataRoot: string): Db {
  mkdirSync(dataRoot, { recursive: true });
  const db = new Database(join(dataRoot, 'hub.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  return db;
}

export function now(): string {
  return new Date().toISOString();
}
