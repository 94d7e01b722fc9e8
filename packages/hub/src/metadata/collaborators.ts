/** Collaborators: users other than the owner who may push to (and pull from) one repository. */
import type { MetadataStore } from './metadata-store.js';
import type { Repo } from './repos.js';

export class Collaborators {
  constructor(private readonly db: MetadataStore) {}

  async add(repo: Repo, user: string): Promise<void> {
    await this.db.run('INSERT INTO collaborators (repo_id, "user") VALUES (?, ?) ON CONFLICT DO NOTHING', [repo.id, user]);
  }

  async remove(repo: Repo, user: string): Promise<void> {
    await this.db.run('DELETE FROM collaborators WHERE repo_id = ? AND "user" = ?', [repo.id, user]);
  }

  async list(repo: Repo): Promise<string[]> {
    return (await this.db.all<{ user: string }>('SELECT "user" FROM collaborators WHERE repo_id = ? ORDER BY "user"', [repo.id])).map((r) => r.user);
  }

  async has(repoId: number, user: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS one FROM collaborators WHERE repo_id = ? AND "user" = ?', [repoId, user])) !== undefined;
  }
}
