/**
 * The PostgreSQL store's ChangeFeed. Triggers (schema.ts) send a
 * repository's id on the channel `quai_repo_changes` when its rows change;
 * PostgreSQL delivers it at commit to every session that LISTENs. One
 * connection of this process's own listens (application_name
 * `quai-hub-changes`). When it breaks (a server restart, a terminated
 * backend) the feed is not live until another connection listens again,
 * and then subscribers hear `undefined`: what changed meanwhile is unknown.
 *
 * settled() is a write's barrier, so that a client who saw the write done
 * and asks another node next never gets that node's cached answer from
 * before it. It counts the listening connections, sends `settled:<id>` on
 * the channel and waits until each has answered `heard:<id>`. A node
 * answers from its event loop after handling everything the channel
 * brought before the token (PostgreSQL delivers a channel in commit order),
 * so every node has dropped what the write changed. A node that does not
 * answer within two seconds is waited for no longer.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeFeed } from './metadata-store.js';

export const CHANGES_CHANNEL = 'quai_repo_changes';
const LISTENER_NAME = 'quai-hub-changes';
const SETTLED = 'settled:';
const HEARD = 'heard:';
const SETTLE_TIMEOUT_MS = 2000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2000;

interface Barrier { waitingFor: number; release: () => void }

export class PostgresChangeFeed implements ChangeFeed {
  live = false;
  private readonly subscribers: Array<(repoId: number | undefined) => void> = [];
  private readonly barriers = new Map<string, Barrier>();
  private client: pg.Client | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  subscribe(fn: (repoId: number | undefined) => void): void {
    this.subscribers.push(fn);
  }

  /** Listens; resolves when the first connection listens or failed (it then retries by itself). */
  start(): Promise<void> {
    return this.connect();
  }

  async settled(): Promise<void> {
    const client = this.client;
    if (!this.live || !client) return;
    const id = randomUUID();
    let timeout: NodeJS.Timeout | undefined;
    try {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_NAME]);
      const heard = new Promise<void>((release) => this.barriers.set(id, { waitingFor: rows[0]!.n, release }));
      timeout = setTimeout(() => this.barriers.get(id)?.release(), SETTLE_TIMEOUT_MS);
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, SETTLED + id]);
      await heard;
    } catch {
      // The listener broke: this node caches nothing until it listens again.
    } finally {
      clearTimeout(timeout);
      this.barriers.delete(id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.live = false;
    this.releaseBarriers();
    await client?.end().catch(() => {});
  }

  private releaseBarriers(): void {
    for (const barrier of this.barriers.values()) barrier.release();
  }

  private heard(payload: string, client: pg.Client): void {
    if (payload.startsWith(SETTLED)) {
      // Everything the channel brought before this token has been handled (synchronously, above it).
      client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, HEARD + payload.slice(SETTLED.length)]).catch(() => {});
    } else if (payload.startsWith(HEARD)) {
      const barrier = this.barriers.get(payload.slice(HEARD.length));
      if (barrier && --barrier.waitingFor <= 0) barrier.release();
    } else {
      const id = Number(payload);
      this.emit(payload !== '' && Number.isSafeInteger(id) ? id : undefined);
    }
  }

  private emit(repoId: number | undefined): void {
    for (const fn of this.subscribers) fn(repoId);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: LISTENER_NAME });
    this.client = client;
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      this.live = false;
      this.releaseBarriers();
      client.end().catch(() => {});
      if (this.closed) return;
      this.retry = setTimeout(() => void this.connect(), this.retryMs);
      this.retry.unref();
      this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => this.heard(msg.payload ?? '', client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (this.client !== client) return;
    this.live = true;
    this.retryMs = FIRST_RETRY_MS;
    this.emit(undefined); // anything may have changed while nobody listened
  }
}
