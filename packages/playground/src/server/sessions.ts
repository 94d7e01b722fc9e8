/**
 * Sessions: who holds which instances, for how long.
 *
 *   create ──► open (instances come and go) ──► closed by its owner, or expired after --session-ttl
 *
 * A session has a random id, a read-write and a read-only token (128 bits
 * each, base64url), its own internal network in namespace `play` (its
 * instances reach each other there by hostname, and nothing else), and at
 * most --max-instances instances. Closing removes everything it made.
 * Sessions live in memory: a restarted playground removes its previous
 * run's objects (PlayEngine.removeLeftovers) and starts empty.
 */
import { readFileSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlayConfig } from './config.js';
import type { PlayEngine } from './engine.js';
import { createInstance, destroyInstance, type AddressPool, type Instance } from './instance.js';
import { PlayError } from './messages.js';
import type { WarmPool } from './warm-pool.js';

export type Access = 'rw' | 'ro';

export interface Session {
  readonly id: string;
  readonly rwToken: string;
  readonly roToken: string;
  readonly network: string;
  readonly expiresAt: number;
  readonly instances: Instance[];
  closed: boolean;
  /** Adds and removals run one after the other (hostnames are picked from what exists). */
  queue: Promise<unknown>;
}

const token = () => randomBytes(16).toString('base64url');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being created count against --max-sessions too. */
  private creating = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly config: PlayConfig, private readonly engine: PlayEngine, private readonly pool: WarmPool,
    private readonly addresses: AddressPool, private readonly log: (m: string) => void) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(30_000, Math.max(1000, config.sessionTtlMs / 4)));
    this.sweeper.unref();
  }

  get count(): number {
    return this.sessions.size;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  async create(): Promise<Session> {
    if (this.sessions.size + this.creating >= this.config.maxSessions) {
      const retry = this.secondsUntilASlot();
      throw new PlayError(503, 'full', { max: this.config.maxSessions, retry }, retry);
    }
    this.checkMemory();
    this.creating++;
    try {
      const session: Session = {
        id: token(), rwToken: token(), roToken: token(),
        network: `session-${randomBytes(6).toString('hex')}`,
        expiresAt: Date.now() + this.config.sessionTtlMs,
        instances: [], closed: false, queue: Promise.resolve(),
      };
      await this.engine.createNetwork(session.network);
      this.sessions.set(session.id, session);
      return session;
    } finally {
      this.creating--;
    }
  }

  /**
   * Admission by memory, beside --max-sessions: a host whose available
   * memory fell under --min-free-memory takes no new session or instance
   * (the ones running keep going); 503 with Retry-After, as when full.
   */
  private checkMemory(): void {
    const needed = this.config.minFreeMemory;
    if (!needed) return;
    const free = availableMemory();
    if (free === undefined || free >= needed) return;
    const retry = 30;
    throw new PlayError(503, 'lowMemory', { free: mebibytes(free), needed: mebibytes(needed), retry }, retry);
  }

  /** The earliest expiry, within a minute: closing sessions often frees a slot sooner. */
  private secondsUntilASlot(): number {
    const next = Math.min(...[...this.sessions.values()].map((s) => s.expiresAt));
    return Math.max(1, Math.min(60, Math.ceil((next - Date.now()) / 1000)));
  }

  /** The session, if `tok` is one of its tokens; what that token may do. */
  authorize(id: string, tok: string | undefined, write: boolean): { session: Session; access: Access } {
    const session = this.sessions.get(id);
    if (!session || session.closed) throw new PlayError(404, 'noSession');
    if (!tok) throw new PlayError(401, 'unauthorized');
    const access: Access | undefined = sameToken(tok, session.rwToken) ? 'rw' : sameToken(tok, session.roToken) ? 'ro' : undefined;
    if (!access) throw new PlayError(401, 'unauthorized');
    if (write && access !== 'rw') throw new PlayError(403, 'readOnly');
    return { session, access };
  }

  /** An instance by its random id, whatever the session (port links). */
  instanceById(id: string): Instance | undefined {
    for (const s of this.sessions.values()) {
      const found = s.instances.find((i) => i.id === id);
      if (found) return found;
    }
    return undefined;
  }

  instance(session: Session, name: string): Instance {
    const found = session.instances.find((i) => i.name === name);
    if (!found) throw new PlayError(404, 'noInstance', { name });
    return found;
  }

  private serialized<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const next = session.queue.then(work, work);
    session.queue = next.catch(() => {});
    return next;
  }

  /** A new instance, named node1, node2 ... (the first free), or as a saved one was, with its saved shell image. */
  addInstance(session: Session, saved?: { name: string; shellImage: string }): Promise<Instance> {
    return this.serialized(session, async () => {
      if (session.closed) throw new PlayError(404, 'noSession');
      if (session.instances.length >= this.config.maxInstances) throw new PlayError(409, 'tooManyInstances', { max: this.config.maxInstances });
      this.checkMemory();
      let n = 1;
      while (session.instances.some((i) => i.name === `node${n}`)) n++;
      const hostname = saved?.name ?? `node${n}`;
      const instance = saved
        ? await createInstance(this.engine, this.addresses, hostname, session.network, saved.shellImage)
        : await this.pool.take(hostname, session.network) ?? await createInstance(this.engine, this.addresses, hostname, session.network);
      instance.ip = await this.engine.shellAddress(instance.shellId, session.network).catch(() => '');
      if (session.closed) {
        await destroyInstance(this.engine, this.addresses, instance);
        throw new PlayError(404, 'noSession');
      }
      session.instances.push(instance);
      return instance;
    });
  }

  /** Runs `work` with no instance added or removed meanwhile (a save). */
  withInstances<T>(session: Session, work: (instances: Instance[]) => Promise<T>): Promise<T> {
    return this.serialized(session, () => work([...session.instances]));
  }

  removeInstance(session: Session, name: string): Promise<void> {
    return this.serialized(session, async () => {
      const instance = this.instance(session, name);
      session.instances.splice(session.instances.indexOf(instance), 1);
      await destroyInstance(this.engine, this.addresses, instance);
    });
  }

  /** Closes the session: its instances, their namespaces, its network, all gone. */
  async close(session: Session): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    await session.queue;
    this.sessions.delete(session.id);
    for (const instance of session.instances.splice(0)) {
      await destroyInstance(this.engine, this.addresses, instance).catch((err) => this.log(`closing ${session.network}: ${(err as Error).message}`));
    }
    await this.engine.removeNetwork(session.network).catch((err) => this.log(`removing ${session.network}: ${(err as Error).message}`));
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const s of [...this.sessions.values()].filter((x) => x.expiresAt <= now)) {
      this.log(`session ${s.network} expired`);
      await this.close(s);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    for (const s of [...this.sessions.values()]) await this.close(s);
  }
}

/** The host's MemAvailable (what can be used without swapping), bytes; undefined where /proc/meminfo has none. */
export function availableMemory(): number | undefined {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const mebibytes = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)} MiB`;
