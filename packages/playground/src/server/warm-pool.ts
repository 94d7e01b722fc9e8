/**
 * Instances made in advance, so "Add new instance" answers at once: each is
 * a namespace + a shell whose prompt is already on its terminal, waiting on
 * the pool's network. A shell's hostname is fixed when it is created, so the
 * pool keeps one slot per hostname (with --warm-pool 3: node1, node2,
 * node3); taking one moves its shell onto the session's network and starts
 * making its replacement.
 */
import type { PlayEngine } from './engine.js';
import { createInstance, destroyInstance, type AddressPool, type Instance } from './instance.js';

const REFILL_DELAY_MS = 500;

export class WarmPool {
  private readonly ready = new Map<string, Instance[]>();
  private readonly wanted: string[];
  private filling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly engine: PlayEngine, private readonly addresses: AddressPool, size: number, maxInstances: number,
    private readonly log: (m: string) => void) {
    this.wanted = Array.from({ length: size }, (_, i) => `node${(i % maxInstances) + 1}`);
  }

  /** A ready instance named `hostname`, moved onto `network`; undefined when the pool has none. */
  async take(hostname: string, network: string): Promise<Instance | undefined> {
    const instance = this.ready.get(hostname)?.shift();
    if (!instance) return undefined;
    // The replacement is made a moment later, so it does not compete with this answer for the CPU.
    setTimeout(() => void this.fill(), REFILL_DELAY_MS).unref();
    try {
      await this.engine.moveShell(instance.shellId, this.engine.poolNetwork, network, hostname);
      return instance;
    } catch (err) {
      this.log(`warm pool: moving ${instance.id} failed: ${(err as Error).message}`);
      await destroyInstance(this.engine, this.addresses, instance).catch(() => {});
      return undefined;
    }
  }

  /** Makes what is missing, one instance at a time (a burst would slow the sessions being served). */
  fill(): Promise<void> {
    this.filling ??= this.fillMissing().finally(() => (this.filling = undefined));
    return this.filling;
  }

  private async fillMissing(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const have = new Map<string, number>();
      const missing = this.wanted.find((h) => {
        const n = have.get(h) ?? 0;
        have.set(h, n + 1);
        return (this.ready.get(h)?.length ?? 0) <= n;
      });
      if (!missing) return;
      try {
        const instance = await createInstance(this.engine, this.addresses, missing, this.engine.poolNetwork);
        if (this.stopped) return void (await destroyInstance(this.engine, this.addresses, instance));
        this.ready.set(missing, [...(this.ready.get(missing) ?? []), instance]);
      } catch (err) {
        this.log(`warm pool: ${(err as Error).message}`);
        return; // tried again at the next take
      }
    }
  }

  get size(): number {
    return [...this.ready.values()].reduce((n, l) => n + l.length, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.filling;
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    for (const i of all) await destroyInstance(this.engine, this.addresses, i).catch(() => {});
  }
}
