/**
 * The PostgreSQL store's ChangeFeed. Triggers (postgres-metadata-store.ts)
 * send a repository's id on the channel `quai_repo_changes` when its rows
 * change; PostgreSQL delivers it at commit to every session that LISTENs.
 * One connection of this process's own listens. When it breaks (a server
 * restart, a terminated backend) the feed is not live until another
 * connection listens again, and then subscribers hear `undefined`: what
 * changed meanwhile is unknown.
 */
import pg from 'pg';
import type { ChangeFeed } from './metadata-store.js';

export const CHANGES_CHANNEL = 'quai_repo_changes';

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2000;

export class PostgresChangeFeed implements ChangeFeed {
  live = false;
  private readonly subscribers: Array<(repoId: number | undefined) => void> = [];
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

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.live = false;
    await client?.end().catch(() => {});
  }

  private emit(repoId: number | undefined): void {
    for (const fn of this.subscribers) fn(repoId);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      this.live = false;
      client.end().catch(() => {});
      if (this.closed) return;
      this.retry = setTimeout(() => void this.connect(), this.retryMs);
      this.retry.unref();
      this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      const id = Number(msg.payload);
      this.emit(Number.isSafeInteger(id) ? id : undefined);
    });
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
    this.emit(undefined);
  }
}
