/** Stars: a user marks a repository they like; counts show on every listing. */
import { now, type MetadataStore } from './metadata-store.js';
import type { Repo } from './repos.js';

export class Stars {
  constructor(private readonly db: MetadataStore) {}

  async star(repo: Repo, user: string): Promise<void> {
    await this.db.run('INSERT INTO stars (repo_id, "user", created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [repo.id, user, now()]);
  }

  async unstar(repo: Repo, user: string): Promise<void> {
    await this.db.run('DELETE FROM stars WHERE repo_id = ? AND "user" = ?', [repo.id, user]);
  }

  async count(repo: Repo): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT count(*) AS n FROM stars WHERE repo_id = ?', [repo.id]))!.n);
  }

  async has(repo: Repo, user: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM stars WHERE repo_id = ? AND "user" = ?', [repo.id, user])) !== undefined;
  }
}
