/**
 * Online garbage collection. A blob is garbage when no manifest in any
 * repository is it or refers to it, and it was committed longer ago than
 * the grace period: a push uploads blobs first and the manifest last, so
 * the grace period is what keeps a concurrent push's fresh blobs alive.
 *
 * One collection runs at a time across every node sharing the metadata
 * store (the lock `gc`: another node's run waits for it, then finds what
 * is left); each blob is forgotten and deleted under its own lock, so a
 * concurrent push of the same digest never loses its bytes. Every run is
 * recorded in gc_runs (node, start, end, what it deleted).
 */
import type { Hub } from './hub.js';
import { now, withLock } from './metadata/metadata-store.js';

export interface GcReport { deleted: string[]; freedBytes: number; node: string }

export async function collectGarbage(hub: Hub, opts: { graceSeconds?: number; dryRun?: boolean } = {}): Promise<GcReport> {
  return withLock(hub.store, 'gc', async () => {
    const report: GcReport = { deleted: [], freedBytes: 0, node: hub.config.nodeName };
    const cutoff = new Date(Date.now() - (opts.graceSeconds ?? 3600) * 1000).toISOString();
    const candidates = await hub.repos.garbageCandidates(cutoff);
    if (opts.dryRun) {
      for (const { digest, size } of candidates) { report.deleted.push(digest); report.freedBytes += size; }
      return report;
    }
    const run = await hub.store.get<{ id: number }>('INSERT INTO gc_runs (node, started) VALUES (?, ?) RETURNING id', [report.node, now()]);
    let error: string | null = null;
    try {
      for (const { digest, size } of candidates) {
        if (!(await hub.blobs.collect(digest))) continue;
        report.deleted.push(digest);
        report.freedBytes += size;
      }
    } catch (err) {
      error = (err as Error).message;
      throw err;
    } finally {
      await hub.store.run('UPDATE gc_runs SET finished = ?, deleted = ?, freed_bytes = ?, error = ? WHERE id = ?',
        [now(), report.deleted.length, report.freedBytes, error, run!.id]);
    }
    return report;
  });
}
