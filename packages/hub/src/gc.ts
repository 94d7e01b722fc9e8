/**
 * Online garbage collection. A blob is garbage when no manifest in any
 * repository is it or refers to it, and it was committed longer ago than
 * the grace period: a push uploads blobs first and the manifest last, so
 * the grace period is what keeps a concurrent push's fresh blobs alive.
 */
import type { Hub } from './hub.js';

export interface GcReport { deleted: string[]; freedBytes: number }

export async function collectGarbage(hub: Hub, opts: { graceSeconds?: number; dryRun?: boolean } = {}): Promise<GcReport> {
  const cutoff = new Date(Date.now() - (opts.graceSeconds ?? 3600) * 1000).toISOString();
  const candidates = hub.db.prepare(`SELECT digest, size FROM blobs WHERE created < ?
      AND digest NOT IN (SELECT digest FROM manifests) AND digest NOT IN (SELECT child FROM manifest_refs)`).all(cutoff) as Array<{ digest: string; size: number }>;
  const report: GcReport = { deleted: [], freedBytes: 0 };
  for (const { digest, size } of candidates) {
    if (opts.dryRun) { report.deleted.push(digest); report.freedBytes += size; continue; }
    // Metadata first: once unlisted, no request can hand out the blob.
    const gone = hub.db.transaction(() => {
      const still = hub.db.prepare('SELECT 1 FROM manifest_refs WHERE child = ? UNION SELECT 1 FROM manifests WHERE digest = ?').get(digest, digest);
      if (still) return false;
      hub.db.prepare('DELETE FROM repo_blobs WHERE digest = ?').run(digest);
      hub.db.prepare('DELETE FROM blobs WHERE digest = ?').run(digest);
      return true;
    })();
    if (!gone) continue;
    await hub.blobs.deleteBlob(digest);
    report.deleted.push(digest);
    report.freedBytes += size;
  }
  return report;
}
