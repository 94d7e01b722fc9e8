/**
 * Leases, as containerd has them: content (blob digests) and snapshots
 * (chain ids) that an operation in progress relies on, so garbage
 * collection leaves them alone even when no image holds them yet. A pull
 * takes one before it decides a layer "Already exists" and lets go once
 * its image is recorded; a removal in another namespace meanwhile keeps
 * its hands off.
 *
 *   const release = await leases.acquire([layerDigest, chainId]);
 *   try { ... } finally { release(); }
 *
 *   await leases.collect(async () => { ...delete if !leases.has(x)... });
 *
 * A collection runs alone: acquire() waits for one under way to finish,
 * so nothing it checked can be leased behind its back.
 */
export class Leases {
  private readonly held = new Map<string, number>();
  private collecting: Promise<unknown> = Promise.resolve();

  async acquire(resources: string[]): Promise<() => void> {
    await this.collecting.catch(() => {});
    const mine = [...new Set(resources.filter(Boolean))];
    for (const r of mine) this.held.set(r, (this.held.get(r) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const r of mine) {
        const n = (this.held.get(r) ?? 1) - 1;
        if (n > 0) this.held.set(r, n);
        else this.held.delete(r);
      }
    };
  }

  has(resource: string): boolean {
    return this.held.has(resource);
  }

  /** Run a collection, one at a time and never beside an acquire. */
  collect<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.collecting.catch(() => {}).then(fn);
    this.collecting = run.catch(() => {});
    return run;
  }
}
