/** Repositories, their tags, manifests and the blobs each may see. */
import type Database from 'better-sqlite3';
import { now, type Db } from './db.js';

export interface Repo {
  id: number;
  name: string;
  namespace: string;
  private: boolean;
  description: string;
  readme: string;
  pullCount: number;
  created: string;
  pushed: string | null;
}

export interface ManifestRow {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string | null;
  subject: string | null;
  annotations: Record<string, string> | null;
}

interface RepoRow { id: number; name: string; namespace: string; private: number; description: string; readme: string; pull_count: number; created: string; pushed: string | null }

function toRepo(r: RepoRow): Repo {
  return { id: r.id, name: r.name, namespace: r.namespace, private: r.private === 1, description: r.description, readme: r.readme, pullCount: r.pull_count, created: r.created, pushed: r.pushed };
}

/** `alice/bb` → alice; single-component names are official images (`library`). */
export function namespaceOf(name: string): string {
  const i = name.indexOf('/');
  return i < 0 ? 'library' : name.slice(0, i);
}

export class Repos {
  private readonly statements = new Map<string, Database.Statement>();
  /** Pull counts are summed in memory and written once a second: a GET never waits on a write. */
  private readonly pulls = new Map<number, number>();
  private readonly flusher: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    this.flusher = setInterval(() => this.flushPulls(), 1000);
    this.flusher.unref();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  flushPulls(): void {
    if (!this.pulls.size || !this.db.open) return;
    const update = this.stmt('UPDATE repositories SET pull_count = pull_count + ? WHERE id = ?');
    this.db.transaction(() => { for (const [id, n] of this.pulls) update.run(n, id); })();
    this.pulls.clear();
  }

  close(): void {
    clearInterval(this.flusher);
    this.flushPulls();
  }

  get(name: string): Repo | undefined {
    const row = this.stmt('SELECT * FROM repositories WHERE name = ?').get(name) as RepoRow | undefined;
    return row && toRepo(row);
  }

  /** Created public on first push, as Docker Hub's default. */
  ensure(name: string): Repo {
    this.stmt('INSERT OR IGNORE INTO repositories (name, namespace, created) VALUES (?, ?, ?)').run(name, namespaceOf(name), now());
    return this.get(name)!;
  }

  list(opts: { after?: string; limit?: number } = {}): Repo[] {
    const rows = this.stmt('SELECT * FROM repositories WHERE name > ? ORDER BY name LIMIT ?').all(opts.after ?? '', opts.limit ?? -1) as RepoRow[];
    return rows.map(toRepo);
  }

  search(q: string, limit: number, offset: number): { total: number; repos: Repo[] } {
    const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const where = "private = 0 AND (name LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')";
    const total = (this.stmt(`SELECT count(*) n FROM repositories WHERE ${where}`).get(like, like) as { n: number }).n;
    const rows = this.stmt(`SELECT * FROM repositories WHERE ${where} ORDER BY pull_count DESC, name LIMIT ? OFFSET ?`).all(like, like, limit, offset) as RepoRow[];
    return { total, repos: rows.map(toRepo) };
  }

  update(name: string, fields: { private?: boolean; description?: string; readme?: string }): void {
    const r = this.get(name);
    if (!r) return;
    this.stmt('UPDATE repositories SET private = ?, description = ?, readme = ? WHERE id = ?')
      .run((fields.private ?? r.private) ? 1 : 0, fields.description ?? r.description, fields.readme ?? r.readme, r.id);
  }

  markPushed(repo: Repo): void {
    this.stmt('UPDATE repositories SET pushed = ? WHERE id = ?').run(now(), repo.id);
  }

  countPull(repo: Repo): void {
    this.pulls.set(repo.id, (this.pulls.get(repo.id) ?? 0) + 1);
  }

  // --- blobs

  recordBlob(digest: string, size: number): void {
    this.stmt('INSERT OR IGNORE INTO blobs (digest, size, created) VALUES (?, ?, ?)').run(digest, size, now());
  }

  blobSize(digest: string): number | undefined {
    return (this.stmt('SELECT size FROM blobs WHERE digest = ?').get(digest) as { size: number } | undefined)?.size;
  }

  linkBlob(repo: Repo, digest: string): void {
    this.stmt('INSERT OR IGNORE INTO repo_blobs (repo_id, digest) VALUES (?, ?)').run(repo.id, digest);
  }

  hasBlob(repo: Repo, digest: string): boolean {
    return this.stmt('SELECT 1 FROM repo_blobs WHERE repo_id = ? AND digest = ?').get(repo.id, digest) !== undefined;
  }

  unlinkBlob(repo: Repo, digest: string): boolean {
    return this.stmt('DELETE FROM repo_blobs WHERE repo_id = ? AND digest = ?').run(repo.id, digest).changes > 0;
  }

  // --- manifests and tags

  putManifest(repo: Repo, row: ManifestRow, children: string[], tag?: string): void {
    this.db.transaction(() => {
      this.stmt(`INSERT OR REPLACE INTO manifests (repo_id, digest, media_type, size, artifact_type, subject, annotations, created)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(repo.id, row.digest, row.mediaType, row.size, row.artifactType, row.subject, row.annotations ? JSON.stringify(row.annotations) : null, now());
      for (const child of children) this.stmt('INSERT OR IGNORE INTO manifest_refs (repo_id, digest, child) VALUES (?, ?, ?)').run(repo.id, row.digest, child);
      this.linkBlob(repo, row.digest);
      if (tag !== undefined) this.stmt('INSERT OR REPLACE INTO tags (repo_id, tag, digest, updated) VALUES (?, ?, ?, ?)').run(repo.id, tag, row.digest, now());
      this.markPushed(repo);
    })();
  }

  manifest(repo: Repo, digest: string): ManifestRow | undefined {
    const r = this.stmt('SELECT digest, media_type, size, artifact_type, subject, annotations FROM manifests WHERE repo_id = ? AND digest = ?').get(repo.id, digest) as
      { digest: string; media_type: string; size: number; artifact_type: string | null; subject: string | null; annotations: string | null } | undefined;
    return r && { digest: r.digest, mediaType: r.media_type, size: r.size, artifactType: r.artifact_type, subject: r.subject, annotations: r.annotations ? JSON.parse(r.annotations) : null };
  }

  tagDigest(repo: Repo, tag: string): string | undefined {
    return (this.stmt('SELECT digest FROM tags WHERE repo_id = ? AND tag = ?').get(repo.id, tag) as { digest: string } | undefined)?.digest;
  }

  tags(repo: Repo, opts: { last?: string; n?: number } = {}): string[] {
    const rows = this.stmt('SELECT tag FROM tags WHERE repo_id = ? AND tag > ? ORDER BY tag LIMIT ?').all(repo.id, opts.last ?? '', opts.n ?? -1) as Array<{ tag: string }>;
    return rows.map((r) => r.tag);
  }

  deleteTag(repo: Repo, tag: string): boolean {
    return this.stmt('DELETE FROM tags WHERE repo_id = ? AND tag = ?').run(repo.id, tag).changes > 0;
  }

  /** Deleting a manifest deletes the tags that point at it (as distribution). */
  deleteManifest(repo: Repo, digest: string): boolean {
    return this.db.transaction(() => {
      const n = this.stmt('DELETE FROM manifests WHERE repo_id = ? AND digest = ?').run(repo.id, digest).changes;
      this.stmt('DELETE FROM tags WHERE repo_id = ? AND digest = ?').run(repo.id, digest);
      this.stmt('DELETE FROM manifest_refs WHERE repo_id = ? AND digest = ?').run(repo.id, digest);
      return n > 0;
    })();
  }

  referrers(repo: Repo, subject: string, artifactType?: string): ManifestRow[] {
    const rows = this.stmt('SELECT digest FROM manifests WHERE repo_id = ? AND subject = ? AND (? IS NULL OR artifact_type = ?) ORDER BY created')
      .all(repo.id, subject, artifactType ?? null, artifactType ?? null) as Array<{ digest: string }>;
    return rows.map((r) => this.manifest(repo, r.digest)!);
  }

  /** Digests no repository links any more: candidates for garbage collection. */
  unreferencedBlobs(olderThan: string): string[] {
    const rows = this.stmt('SELECT digest FROM blobs WHERE created < ? AND digest NOT IN (SELECT digest FROM repo_blobs)').all(olderThan) as Array<{ digest: string }>;
    return rows.map((r) => r.digest);
  }

  forgetBlob(digest: string): void {
    this.stmt('DELETE FROM blobs WHERE digest = ? AND digest NOT IN (SELECT digest FROM repo_blobs)').run(digest);
  }
}
