/**
 * The metadata tables (listed in metadata-store.ts), written once for both
 * engines. Only the column types differ:
 *
 *   id    an id the engine assigns   INTEGER PRIMARY KEY (SQLite's rowid) | SERIAL PRIMARY KEY
 *   key   text compared bytewise     TEXT (SQLite's default)            | TEXT COLLATE "C"
 *   big   a 64-bit count or size     INTEGER (always 64-bit in SQLite)  | BIGINT
 *
 * Every statement is idempotent (IF NOT EXISTS, OR REPLACE): each start runs
 * them all. PostgreSQL also gets the triggers that feed the store's change
 * feed (postgres-change-feed.ts).
 */
import { CHANGES_CHANNEL } from './postgres-change-feed.js';

export function schemaSql(engine: 'sqlite' | 'postgres'): string {
  const postgres = engine === 'postgres';
  const id = postgres ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  const key = postgres ? 'TEXT COLLATE "C"' : 'TEXT';
  const big = postgres ? 'BIGINT' : 'INTEGER';
  const tables = `
CREATE TABLE IF NOT EXISTS users (
  id ${id}, name ${key} NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT 'user',
  password_hash TEXT, admin INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
  org ${key} NOT NULL, "user" ${key} NOT NULL, PRIMARY KEY (org, "user"));
CREATE TABLE IF NOT EXISTS repositories (
  id ${id}, name ${key} NOT NULL UNIQUE, namespace ${key} NOT NULL,
  private INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '', readme TEXT NOT NULL DEFAULT '',
  pull_count ${big} NOT NULL DEFAULT 0, created TEXT NOT NULL, pushed TEXT);
CREATE TABLE IF NOT EXISTS blobs (digest ${key} PRIMARY KEY, size ${big} NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repo_blobs (
  repo_id INTEGER NOT NULL, digest ${key} NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE INDEX IF NOT EXISTS repo_blobs_digest ON repo_blobs (digest);
CREATE TABLE IF NOT EXISTS manifests (
  repo_id INTEGER NOT NULL, digest ${key} NOT NULL, media_type TEXT NOT NULL, size ${big} NOT NULL,
  artifact_type TEXT, subject ${key}, annotations TEXT, created TEXT NOT NULL, PRIMARY KEY (repo_id, digest));
CREATE INDEX IF NOT EXISTS manifests_subject ON manifests (repo_id, subject);
CREATE TABLE IF NOT EXISTS manifest_refs (
  repo_id INTEGER NOT NULL, digest ${key} NOT NULL, child ${key} NOT NULL, PRIMARY KEY (repo_id, digest, child));
CREATE INDEX IF NOT EXISTS manifest_refs_child ON manifest_refs (child);
CREATE TABLE IF NOT EXISTS tags (
  repo_id INTEGER NOT NULL, tag ${key} NOT NULL, digest ${key} NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (repo_id, tag));
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY, "user" ${key} NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
  id TEXT PRIMARY KEY, "user" ${key} NOT NULL, label TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS webhooks (
  id ${id}, repo_id INTEGER NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS repositories_namespace ON repositories (namespace, name);
CREATE INDEX IF NOT EXISTS repositories_pulls ON repositories (pull_count);
CREATE INDEX IF NOT EXISTS repositories_pushed ON repositories (pushed);
CREATE INDEX IF NOT EXISTS tags_updated ON tags (repo_id, updated);
CREATE TABLE IF NOT EXISTS token_uses (token_id TEXT PRIMARY KEY, last_used TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, "user" ${key} NOT NULL, csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions ("user");
CREATE TABLE IF NOT EXISTS stars (repo_id INTEGER NOT NULL, "user" ${key} NOT NULL, created TEXT NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE INDEX IF NOT EXISTS stars_user ON stars ("user");
CREATE TABLE IF NOT EXISTS collaborators (repo_id INTEGER NOT NULL, "user" ${key} NOT NULL, PRIMARY KEY (repo_id, "user"));
CREATE TABLE IF NOT EXISTS teams (org ${key} NOT NULL, name ${key} NOT NULL, description TEXT NOT NULL DEFAULT '', PRIMARY KEY (org, name));
CREATE TABLE IF NOT EXISTS team_members (org ${key} NOT NULL, team ${key} NOT NULL, "user" ${key} NOT NULL, PRIMARY KEY (org, team, "user"));
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id ${id}, webhook_id INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, status INTEGER, error TEXT);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
CREATE TABLE IF NOT EXISTS image_summaries (
  digest ${key} PRIMARY KEY, os TEXT NOT NULL, architecture TEXT NOT NULL, size ${big} NOT NULL);
CREATE TABLE IF NOT EXISTS layer_files (digest ${key} PRIMARY KEY, entries TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
  uuid TEXT PRIMARY KEY, repo TEXT NOT NULL, started TEXT NOT NULL, updated TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS uploads_updated ON uploads (updated);
CREATE TABLE IF NOT EXISTS login_failures (
  subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure ${big} NOT NULL, locked_until ${big} NOT NULL);
CREATE TABLE IF NOT EXISTS webhook_queue (
  id ${id}, webhook_id INTEGER NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL,
  attempts INTEGER NOT NULL, next_at TEXT NOT NULL, claimed_until TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_queue_due ON webhook_queue (next_at);
CREATE TABLE IF NOT EXISTS signing_keys (id INTEGER PRIMARY KEY, jwk TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gc_runs (
  id ${id}, node TEXT NOT NULL, started TEXT NOT NULL, finished TEXT, deleted INTEGER, freed_bytes ${big}, error TEXT);
`;
  return postgres ? tables + CHANGE_TRIGGERS : tables;
}

/**
 * A repository's id on CHANGES_CHANNEL (sent at commit) whenever its row, a
 * tag or a manifest of it changes, or it loses sight of a blob.
 */
const CHANGE_TRIGGERS = `
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
CREATE OR REPLACE TRIGGER repo_blobs_changed AFTER DELETE ON repo_blobs FOR EACH ROW EXECUTE FUNCTION quai_repo_changed();
`;
