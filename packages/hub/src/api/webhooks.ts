/**
 * Push webhooks: after a tag is pushed, POST Docker Hub's payload to each
 * URL registered for the repository, signed with HMAC-SHA256 over the body
 * (`X-Quai-Signature: sha256=<hex>`) so receivers can verify it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../metadata/db.js';
import type { Repo } from '../metadata/repos.js';

export interface Webhook { id: number; url: string }

export class Webhooks {
  constructor(private readonly db: Db, private readonly log: (m: string) => void) {}

  add(repo: Repo, url: string): { id: number; secret: string } {
    const secret = randomBytes(24).toString('hex');
    const id = Number(this.db.prepare('INSERT INTO webhooks (repo_id, url, secret) VALUES (?, ?, ?)').run(repo.id, url, secret).lastInsertRowid);
    return { id, secret };
  }

  list(repo: Repo): Webhook[] {
    return this.db.prepare('SELECT id, url FROM webhooks WHERE repo_id = ?').all(repo.id) as Webhook[];
  }

  remove(repo: Repo, id: number): boolean {
    return this.db.prepare('DELETE FROM webhooks WHERE repo_id = ? AND id = ?').run(repo.id, id).changes > 0;
  }

  /** Fire and forget: a slow receiver never holds a push. */
  firePush(repo: Repo, tag: string, pusher: string): void {
    const hooks = this.db.prepare('SELECT url, secret FROM webhooks WHERE repo_id = ?').all(repo.id) as Array<{ url: string; secret: string }>;
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
