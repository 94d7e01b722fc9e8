/**
 * Push webhooks: after a tag is pushed, POST Docker Hub's payload to each
 * URL registered for the repository, signed with HMAC-SHA256 over the body
 * (`X-Quai-Signature: sha256=<hex>`) so receivers can verify it. Every
 * delivery (push or test) is logged with its answer: the settings page
 * shows the last ones.
 *
 * Push deliveries go through a queue in the metadata store (webhook_queue),
 * not one node's memory: the node that took the push delivers at once, and
 * any node's housekeeping delivers what is due (retries of a receiver that
 * failed, with a growing pause; a delivery whose node died before it was
 * done, once its claim lapses). A node claims a queued delivery before
 * sending it, so nodes never send the same attempt twice.
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
/** How long a claimed delivery is one node's: past the delivery timeout, so it lapses only for a node gone. */
const CLAIM_MS = 60_000;
/** Attempts per delivery (the receiver down or answering 5xx): 5 s, 10 s, 20 s, 40 s apart. */
const MAX_ATTEMPTS = 5;

interface Queued { id: number; webhook_id: number; event: string; body: string; attempts: number }

export class Webhooks {
  private draining = false;
  private again = false;

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
    await this.db.run('DELETE FROM webhook_queue WHERE webhook_id IN (SELECT id FROM webhooks WHERE repo_id = ? AND id = ?)', [repo.id, id]);
    await this.db.run('DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM webhooks WHERE repo_id = ? AND id = ?)', [repo.id, id]);
    return (await this.db.run('DELETE FROM webhooks WHERE repo_id = ? AND id = ?', [repo.id, id])) > 0;
  }

  /** The latest deliveries of one webhook, newest first. */
  deliveries(id: number): Promise<Delivery[]> {
    return this.db.all<Delivery>('SELECT at, event, status, error FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?', [id, KEEP_DELIVERIES]);
  }

  /** Queues the push's deliveries and starts sending them: a slow receiver never holds a push. */
  async firePush(repo: Repo, tag: string, pusher: string): Promise<void> {
    const hooks = await this.db.all<{ id: number }>('SELECT id FROM webhooks WHERE repo_id = ?', [repo.id]);
    if (!hooks.length) return;
    const body = payload(repo, tag, pusher);
    const t = now();
    for (const hook of hooks) {
      await this.db.run("INSERT INTO webhook_queue (webhook_id, event, body, attempts, next_at, claimed_until) VALUES (?, 'push', ?, 0, ?, '')", [hook.id, body, t]);
    }
    void this.drain();
  }

  /**
   * Sends every queued delivery that is due and no other node holds.
   * Resolves with how many attempts this call made. Safe on every node at once.
   */
  async drain(): Promise<number> {
    if (this.draining) { this.again = true; return 0; }
    this.draining = true;
    let attempts = 0;
    try {
      do {
        this.again = false;
        const t = now();
        const due = await this.db.all<Queued>(
          'SELECT id, webhook_id, event, body, attempts FROM webhook_queue WHERE next_at <= ? AND claimed_until <= ? ORDER BY id LIMIT 20', [t, t]);
        for (const item of due) {
          const claimed = await this.db.run('UPDATE webhook_queue SET claimed_until = ? WHERE id = ? AND claimed_until <= ?',
            [new Date(Date.now() + CLAIM_MS).toISOString(), item.id, t]);
          if (claimed !== 1) continue; // another node has it
          await this.attempt(item);
          attempts++;
        }
        if (due.length) this.again = true;
      } while (this.again);
    } catch (err) {
      this.log(`webhook queue: ${(err as Error).message}`);
    } finally {
      this.draining = false;
    }
    return attempts;
  }

  /** One claimed delivery: done after an answer under 500 or the last attempt, else due again later. */
  private async attempt(item: Queued): Promise<void> {
    const hook = await this.db.get<{ id: number; url: string; secret: string }>('SELECT id, url, secret FROM webhooks WHERE id = ?', [item.webhook_id]);
    const delivery = hook && await this.deliver(hook, item.event, item.body);
    const tries = Number(item.attempts) + 1;
    if (!delivery || (delivery.status !== null && delivery.status < 500) || tries >= MAX_ATTEMPTS) {
      await this.db.run('DELETE FROM webhook_queue WHERE id = ?', [item.id]);
    } else {
      const next = new Date(Date.now() + 5000 * 2 ** (tries - 1)).toISOString();
      await this.db.run("UPDATE webhook_queue SET attempts = ?, next_at = ?, claimed_until = '' WHERE id = ?", [tries, next, item.id]);
    }
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
