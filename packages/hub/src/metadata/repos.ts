/** Repositories, their tags, manifests and the blobs each may see. */
import { now, type MetadataStore, type SqlRunner } from './metadata-store.js';

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

export interface RepoRow { id: number; name: string; namespace: string; private: number; description: string; readme: string; pull_count: number; created: string; pushed: string | null }

export function toRepo(r: RepoRow): Repo {
  return { id: r.id, name: r.name, namespace: r.namespace, private: r.private === 1, description: r.description, readme: r.readme, pullCount: r.pull_count, created: r.created, pushed: r.pushed };
}

/** A tag as the tags pages show it. */
export interface TagRow { tag: string; digest: string; updated: string }

/** Every row of one repository, inside the caller's transaction (repository, account and organisation deletion). */
export async function deleteRepositoryRows(tx: SqlRunner, id: number): Promise<void> {
  await tx.run('DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE repo_id = ?)', [id]);
  for (const table of ['tags', 'manifests', 'manifest_refs', 'repo_blobs', 'stars', 'collaborators', 'webhooks']) {
    await tx.run(`DELETE FROM ${table} WHERE repo_id = ?`, [id]);
  }
  await tx.run('DELETE FROM repositories WHERE id = ?', [id]);
}

/** `alice/bb` → alice; single-component names are official images (`library`). */
export function namespaceOf(name: string): string {
  const i = name.indexOf('/');
  return i < 0 ? 'library' : name.slice(0, i);
}

/** putManifest: a blob the manifest refers to is gone (garbage-collected meanwhile). */
export class MissingBlobError extends Error {
  constructor(readonly digest: string) {
    super(`blob unknown: ${digest}`);
  }
}

export class Repos {
  /** Pull counts are summed in memory and written once a second: a GET never waits on a write. */
  private readonly pulls = new Map<number, number>();
  private readonly flusher: NodeJS.Timeout;
  private closed = false;
  private readonly changeListeners: Array<(repoId: number | undefined) => void> = [];

  constructor(private readonly db: MetadataStore) {
    this.flusher = setInterval(() => void this.flushPulls().catch(() => {}), 1000);
    this.flusher.unref();
  }

  async flushPulls(): Promise<void> {
    if (!this.pulls.size) return;
    const batch = [...this.pulls];
    this.pulls.clear();
    await this.db.transaction(async (tx) => {
      for (const [id, n] of batch) await tx.run('UPDATE repositories SET pull_count = pull_count + ? WHERE id = ?', [n, id]);
    });
  }

  /** Stops the flusher and writes what is pending; the store is closed by its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flusher);
    await this.flushPulls();
  }

  /**
   * Calls `fn` once this process has changed a repository's tags, manifests
   * or blobs, or deleted it; `undefined` when it may have changed several.
   */
  onChange(fn: (repoId: number | undefined) => void): void {
    this.changeListeners.push(fn);
  }

  /** Tells this process's listeners at once, and waits until every node may have heard (ChangeFeed.settled). */
  private async changed(repoId: number | undefined): Promise<void> {
    for (const fn of this.changeListeners) fn(repoId);
    await this.db.changes?.settled();
  }

  async get(name: string): Promise<Repo | undefined> {
    const row = await this.db.get<RepoRow>('SELECT * FROM repositories WHERE name = ?', [name]);
    return row && toRepo(row);
  }

  /** Created public on first push, as Docker Hub's default. */
  async ensure(name: string): Promise<Repo> {
    await this.db.run('INSERT INTO repositories (name, namespace, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [name, namespaceOf(name), now()]);
    return (await this.get(name))!;
  }

  async list(opts: { after?: string; limit?: number } = {}): Promise<Repo[]> {
    const limit = opts.limit === undefined ? '' : ' LIMIT ?';
    const params: Array<string | number> = [opts.after ?? ''];
    if (opts.limit !== undefined) params.push(opts.limit);
    const rows = await this.db.all<RepoRow>(`SELECT * FROM repositories WHERE name > ? ORDER BY name${limit}`, params);
    return rows.map(toRepo);
  }

  async update(name: string, fields: { private?: boolean; description?: string; readme?: string }): Promise<void> {
    const r = await this.get(name);
    if (!r) return;
    await this.db.run('UPDATE repositories SET private = ?, description = ?, readme = ? WHERE id = ?',
      [(fields.private ?? r.private) ? 1 : 0, fields.description ?? r.description, fields.readme ?? r.readme, r.id]);
  }

  /** Deletes the repository, its tags and manifests; blobs nothing else uses go at the next garbage collection. */
  async remove(repo: Repo): Promise<void> {
    this.pulls.delete(repo.id);
    await this.db.transaction((tx) => deleteRepositoryRows(tx, repo.id));
    await this.changed(repo.id);
  }

  async markPushed(repo: Repo, db: SqlRunner = this.db): Promise<void> {
    await db.run('UPDATE repositories SET pushed = ? WHERE id = ?', [now(), repo.id]);
  }

  countPull(repo: Pick<Repo, 'id'>): void {
    this.pulls.set(repo.id, (this.pulls.get(repo.id) ?? 0) + 1);
  }

  // --- blobs

  async recordBlob(digest: string, size: number): Promise<void> {
    await this.db.run('INSERT INTO blobs (digest, size, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [digest, size, now()]);
  }

  async blobSize(digest: string): Promise<number | undefined> {
    return (await this.db.get<{ size: number }>('SELECT size FROM blobs WHERE digest = ?', [digest]))?.size;
  }

  async linkBlob(repo: Repo, digest: string, db: SqlRunner = this.db): Promise<void> {
    await db.run('INSERT INTO repo_blobs (repo_id, digest) VALUES (?, ?) ON CONFLICT DO NOTHING', [repo.id, digest]);
  }

  async hasBlob(repo: Pick<Repo, 'id'>, digest: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM repo_blobs WHERE repo_id = ? AND digest = ?', [repo.id, digest])) !== undefined;
  }

  async unlinkBlob(repo: Repo, digest: string): Promise<boolean> {
    const gone = (await this.db.run('DELETE FROM repo_blobs WHERE repo_id = ? AND digest = ?', [repo.id, digest])) > 0;
    await this.changed(repo.id);
    return gone;
  }

  // --- manifests and tags

  /**
   * Records a manifest. `blobChildren` (config and layers) must still be
   * blobs when the transaction commits: a garbage collection that forgot
   * one meanwhile makes this fail rather than leave a manifest without it.
   */
  async putManifest(repo: Repo, row: ManifestRow, children: string[], tag?: string, blobChildren: string[] = []): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const child of blobChildren) {
        if (!(await tx.get('SELECT 1 AS one FROM blobs WHERE digest = ?', [child]))) throw new MissingBlobError(child);
      }
      await tx.run(`INSERT INTO manifests (repo_id, digest, media_type, size, artifact_type, subject, annotations, created)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repo_id, digest) DO UPDATE SET media_type = excluded.media_type, size = excluded.size,
        artifact_type = excluded.artifact_type, subject = excluded.subject, annotations = excluded.annotations, created = excluded.created`,
      [repo.id, row.digest, row.mediaType, row.size, row.artifactType, row.subject, row.annotations ? JSON.stringify(row.annotations) : null, now()]);
      for (const child of children) await tx.run('INSERT INTO manifest_refs (repo_id, digest, child) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [repo.id, row.digest, child]);
      await this.linkBlob(repo, row.digest, tx);
      if (tag !== undefined) {
        await tx.run('INSERT INTO tags (repo_id, tag, digest, updated) VALUES (?, ?, ?, ?) ON CONFLICT (repo_id, tag) DO UPDATE SET digest = excluded.digest, updated = excluded.updated',
          [repo.id, tag, row.digest, now()]);
      }
      await this.markPushed(repo, tx);
    });
    await this.changed(repo.id);
  }

  async manifest(repo: Pick<Repo, 'id'>, digest: string): Promise<ManifestRow | undefined> {
    const r = await this.db.get<{ digest: string; media_type: string; size: number; artifact_type: string | null; subject: string | null; annotations: string | null }>(
      'SELECT digest, media_type, size, artifact_type, subject, annotations FROM manifests WHERE repo_id = ? AND digest = ?', [repo.id, digest]);
    return r && { digest: r.digest, mediaType: r.media_type, size: r.size, artifactType: r.artifact_type, subject: r.subject, annotations: r.annotations ? JSON.parse(r.annotations) : null };
  }

  async tagDigest(repo: Pick<Repo, 'id'>, tag: string): Promise<string | undefined> {
    return (await this.db.get<{ digest: string }>('SELECT digest FROM tags WHERE repo_id = ? AND tag = ?', [repo.id, tag]))?.digest;
  }

  async tags(repo: Repo, opts: { last?: string; n?: number } = {}): Promise<string[]> {
    const limit = opts.n === undefined ? '' : ' LIMIT ?';
    const params: Array<string | number> = [repo.id, opts.last ?? ''];
    if (opts.n !== undefined) params.push(opts.n);
    const rows = await this.db.all<{ tag: string }>(`SELECT tag FROM tags WHERE repo_id = ? AND tag > ? ORDER BY tag${limit}`, params);
    return rows.map((r) => r.tag);
  }

  /** Tags newest first, with their digests: `offset`/`limit` pages. */
  async tagRows(repo: Repo, limit: number, offset = 0): Promise<{ total: number; tags: TagRow[] }> {
    const total = Number((await this.db.get<{ n: number }>('SELECT count(*) AS n FROM tags WHERE repo_id = ?', [repo.id]))!.n);
    const tags = await this.db.all<TagRow>('SELECT tag, digest, updated FROM tags WHERE repo_id = ? ORDER BY updated DESC, tag LIMIT ? OFFSET ?', [repo.id, limit, offset]);
    return { total, tags };
  }

  /** The repositories whose manifests use blob `digest` (a layer's sharing). */
  async usersOfBlob(digest: string): Promise<Repo[]> {
    const rows = await this.db.all<RepoRow>(`SELECT * FROM repositories WHERE id IN (SELECT repo_id FROM manifest_refs WHERE child = ?) ORDER BY name`, [digest]);
    return rows.map(toRepo);
  }

  async deleteTag(repo: Repo, tag: string): Promise<boolean> {
    const gone = (await this.db.run('DELETE FROM tags WHERE repo_id = ? AND tag = ?', [repo.id, tag])) > 0;
    await this.changed(repo.id);
    return gone;
  }

  /** Deleting a manifest deletes the tags that point at it (as distribution). */
  async deleteManifest(repo: Repo, digest: string): Promise<boolean> {
    const gone = await this.db.transaction(async (tx) => {
      const n = await tx.run('DELETE FROM manifests WHERE repo_id = ? AND digest = ?', [repo.id, digest]);
      await tx.run('DELETE FROM tags WHERE repo_id = ? AND digest = ?', [repo.id, digest]);
      await tx.run('DELETE FROM manifest_refs WHERE repo_id = ? AND digest = ?', [repo.id, digest]);
      return n > 0;
    });
    await this.changed(repo.id);
    return gone;
  }

  async referrers(repo: Repo, subject: string, artifactType?: string): Promise<ManifestRow[]> {
    const rows = await this.db.all<{ digest: string }>(
      'SELECT digest FROM manifests WHERE repo_id = ? AND subject = ? AND (CAST(? AS TEXT) IS NULL OR artifact_type = ?) ORDER BY created, digest',
      [repo.id, subject, artifactType ?? null, artifactType ?? null]);
    const out: ManifestRow[] = [];
    for (const r of rows) out.push((await this.manifest(repo, r.digest))!);
    return out;
  }

  // --- garbage collection

  /** Committed before `olderThan`, and no manifest is it or refers to it. */
  garbageCandidates(olderThan: string): Promise<Array<{ digest: string; size: number }>> {
    return this.db.all(`SELECT digest, size FROM blobs WHERE created < ?
      AND digest NOT IN (SELECT digest FROM manifests) AND digest NOT IN (SELECT child FROM manifest_refs)`, [olderThan]);
  }

  /** Forgets a blob if still unreferenced (checked inside the transaction); true when this call forgot it. */
  async forgetGarbage(digest: string): Promise<boolean> {
    const forgot = await this.db.transaction(async (tx) => {
      const still = await tx.get('SELECT 1 AS one FROM manifest_refs WHERE child = ? UNION SELECT 1 AS one FROM manifests WHERE digest = ?', [digest, digest]);
      if (still) return false;
      await tx.run('DELETE FROM repo_blobs WHERE digest = ?', [digest]);
      return (await tx.run('DELETE FROM blobs WHERE digest = ?', [digest])) > 0;
    });
    if (forgot) await this.changed(undefined); // every repository that could see it
    return forgot;
  }
}
