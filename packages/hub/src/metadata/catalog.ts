/**
 * What the listing pages and `/v1/search` read: public repositories with
 * their star counts, a page at a time. Private repositories appear only in
 * `namespace()` and only when the caller says the viewer may see them.
 */
import type { MetadataStore } from './metadata-store.js';
import { toRepo, type Repo, type RepoRow } from './repos.js';

export interface RepoCard extends Repo { stars: number }

const CARD = 'SELECT r.*, (SELECT count(*) FROM stars s WHERE s.repo_id = r.id) AS stars FROM repositories r';

function toCard(row: RepoRow & { stars: number }): RepoCard {
  return { ...toRepo(row), stars: Number(row.stars) };
}

export class Catalog {
  constructor(private readonly db: MetadataStore) {}

  private async cards(sql: string, params: Array<string | number>): Promise<RepoCard[]> {
    return (await this.db.all<RepoRow & { stars: number }>(sql, params)).map(toCard);
  }

  official(limit: number): Promise<RepoCard[]> {
    return this.cards(`${CARD} WHERE r.namespace = 'library' AND r.private = 0 ORDER BY r.pull_count DESC, r.name LIMIT ?`, [limit]);
  }

  mostPulled(limit: number): Promise<RepoCard[]> {
    return this.cards(`${CARD} WHERE r.private = 0 ORDER BY r.pull_count DESC, r.name LIMIT ?`, [limit]);
  }

  recentlyUpdated(limit: number): Promise<RepoCard[]> {
    return this.cards(`${CARD} WHERE r.private = 0 AND r.pushed IS NOT NULL ORDER BY r.pushed DESC, r.name LIMIT ?`, [limit]);
  }

  /** Case-insensitive substring of name or description, public repositories only; most pulled first. */
  async search(q: string, limit: number, offset: number): Promise<{ total: number; repos: RepoCard[] }> {
    const like = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const where = "r.private = 0 AND (lower(r.name) LIKE ? ESCAPE '\\' OR lower(r.description) LIKE ? ESCAPE '\\')";
    const total = Number((await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM repositories r WHERE ${where}`, [like, like]))!.n);
    const repos = await this.cards(`${CARD} WHERE ${where} ORDER BY r.pull_count DESC, r.name LIMIT ? OFFSET ?`, [like, like, limit, offset]);
    return { total, repos };
  }

  /** A user's or organisation's repositories; private ones only with `withPrivate` (owner, member). */
  namespace(ns: string, withPrivate: boolean): Promise<RepoCard[]> {
    return this.cards(`${CARD} WHERE r.namespace = ? AND (r.private = 0 OR ? = 1) ORDER BY r.name`, [ns, withPrivate ? 1 : 0]);
  }

  /** Private repositories of other namespaces where `user` is a collaborator. */
  sharedWith(user: string): Promise<RepoCard[]> {
    return this.cards(`${CARD} WHERE r.id IN (SELECT repo_id FROM collaborators WHERE "user" = ?) ORDER BY r.name`, [user]);
  }
}
