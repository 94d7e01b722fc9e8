/**
 * Push webhooks: after a tag is pushed, POST Docker Hub's payload to each
 * URL registered for the repository, signed with HMAC-SHA256 over the body
 * (`X-Quai-Signature: sha256=<hex>`) so receivers can verify it. Every
 * delivery (push or test) is logged with its answer: the settings page
 * shows the last ones.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { now, type MetadataStore } from '../metadata/metadata-store.js';
import type { Repo } from '../metadata/repos.js';
import { publicOnlyLookup, webhookUrlProblem } from './webhook-target.js';

export interface Webhook { id: number; url: string }
export interface Delivery { at: string; event: string; status: number | null; error: string | null }

const KEEP_DELIVERIES = 20;
const DELIVERY_TIMEOUT_MS = 10_000;

export class Webhooks {
  /** allowPrivate: deliver to loopback and private addresses too (receivers on the hub's own network). */
  constructor(private readonly db: MetadataStore, private readonly log: (m: string) => void, private readonly allowPrivate = false) {}

  /** Why a URL cannot be registered, or undefined when it can. */
  problem(url: string): string | undefined {
    return webhookUrlProblem(url, this.allowPrivate);
  }

  async add(repo: Repo, url: string): Promise<{ id: number; secret: string }> {
    const secret = randomBytes(24).toString('hex');
    const row = await this.db.get<{ id: number }>('INSERT INTO webhooks (repo_id, url, secret) VALUES (?, ?, ?) RETURNING id', [repo.id, url, secret]);
    return { id: Number(row!.id), secret };
  }

  list(repo: Repo): Promise<Webhook[]> {
    return this.db.all<Webhook>('SELECT id, url FROM webhooks WHERE repo_id = ? ORDER BY id', [repo.id]);
  }

  async remove(repo: Repo, id: number): Promise<boolean> {
    await this.db.run('DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE repo_id = ? AND id = ?)', [repo.id, id]);
    return (await this.db.run('DELETE FROM webhooks WHERE repo_id = ? AND id = ?', [repo.id, id])) > 0;
  }

  /** The latest deliveries of one webhook, newest first. */
  deliveries(id: number): Promise<Delivery[]> {
    return this.db.all<Delivery>('SELECT at, event, status, error FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?', [id, KEEP_DELIVERIES]);
  }

  /** Fire and forget: a slow receiver never holds a push. */
  async firePush(repo: Repo, tag: string, pusher: string): Promise<void> {
    const hooks = await this.db.all<{ id: number; url: string; secret: string }>('SELECT id, url, secret FROM webhooks WHERE repo_id = ?', [repo.id]);
    const body = payload(repo, tag, pusher);
    for (const hook of hooks) void this.deliver(hook, 'push', body);
  }

  /** Sends a test payload now and resolves with its logged delivery. */
  async test(repo: Repo, id: number, pusher: string): Promise<Delivery | undefined> {
    const hook = await this.db.get<{ id: number; url: string; secret: string }>('SELECT id, url, secret FROM webhooks WHERE repo_id = ? AND id = ?', [repo.id, id]);
    return hook && this.deliver(hook, 'test', payload(repo, 'test', pusher));
  }

  private async deliver(hook: { id: number; url: string; secret: string }, event: string, body: string): Promise<Delivery> {
    const signature = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
    const delivery: Delivery = { at: now(), event, status: null, error: null };
    try {
      const problem = this.problem(hook.url);
      if (problem) throw new Error(problem);
      delivery.status = await post(hook.url, body, {
        'Content-Type': 'application/json', 'X-Quai-Signature': signature, 'X-Quai-Event': event,
      }, this.allowPrivate);
    } catch (err) {
      delivery.error = (err as Error).message;
      this.log(`webhook ${hook.url}: ${delivery.error}`);
    }
    try {
      await this.db.run('INSERT INTO webhook_deliveries (webhook_id, at, event, status, error) VALUES (?, ?, ?, ?, ?)', [hook.id, delivery.at, event, delivery.status, delivery.error]);
      await this.db.run(`DELETE FROM webhook_deliveries WHERE webhook_id = ? AND id NOT IN
        (SELECT id FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?)`, [hook.id, hook.id, KEEP_DELIVERIES]);
    } catch (err) {
      this.log(`webhook ${hook.url}: delivery not logged: ${(err as Error).message}`);
    }
    return delivery;
  }
}

function payload(repo: Repo, tag: string, pusher: string): string {
  return JSON.stringify({
    push_data: { pushed_at: Math.floor(Date.now() / 1000), pusher, tag },
    repository: { repo_name: repo.name, namespace: repo.namespace, name: repo.name.slice(repo.namespace.length + 1), is_private: repo.private },
  });
}

/** POSTs body and resolves with the answer's status; no redirect followed, only public addresses unless allowed. */
function post(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<number> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      timeout: DELIVERY_TIMEOUT_MS,
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup() }),
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
