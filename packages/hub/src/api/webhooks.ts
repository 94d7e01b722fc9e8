/**
 * Push webhooks: after a tag is pushed, POST Docker Hub's payload to each
 * URL registered for the repository, signed with HMAC-SHA256 over the body
 * (`X-Quai-Signature: sha256=<hex>`) so receivers can verify it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { Repo } from '../metadata/repos.js';

export interface Webhook { id: number; url: string }

export class Webhooks {
  constructor(private readonly db: MetadataStore, private readonly log: (m: string) => void) {}

  async add(repo: Repo, url: string): Promise<{ id: number; secret: string }> {
    const secret = randomBytes(24).toString('hex');
    const row = await this.db.get<{ id: number }>('INSERT INTO webhooks (repo_id, url, secret) VALUES (?, ?, ?) RETURNING id', [repo.id, url, secret]);
    return { id: Number(row!.id), secret };
  }

  list(repo: Repo): Promise<Webhook[]> {
    return this.db.all<Webhook>('SELECT id, url FROM webhooks WHERE repo_id = ? ORDER BY id', [repo.id]);
  }

  async remove(repo: Repo, id: number): Promise<boolean> {
    return (await this.db.run('DELETE FROM webhooks WHERE repo_id = ? AND id = ?', [repo.id, id])) > 0;
  }

  /** Fire and forget: a slow receiver never holds a push. */
  async firePush(repo: Repo, tag: string, pusher: string): Promise<void> {
    const hooks = await this.db.all<{ url: string; secret: string }>('SELECT url, secret FROM webhooks WHERE repo_id = ?', [repo.id]);
    if (!hooks.length) return;
    const body = JSON.stringify({
      push_data: { pushed_at: Math.floor(Date.now() / 1000), pusher, tag },
      repository: { repo_name: repo.name, namespace: repo.namespace, name: repo.name.slice(repo.namespace.length + 1), is_private: repo.private },
    });
    for (const hook of hooks) {
      const signature = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
      fetch(hook.url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Quai-Signature': signature }, signal: AbortSignal.timeout(10_000) })
        .catch((err: Error) => this.log(`webhook ${hook.url}: ${err.message}`));
    }
  }
}
