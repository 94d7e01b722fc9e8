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
  const candidates = await hub.repos.garbageCandidates(cutoff);
  const report: GcReport = { deleted: [], freedBytes: 0 };
  for (const { digest, size } of candidates) {
    if (opts.dryRun) { report.deleted.push(digest); report.freedBytes += size; continue; }
    // Metadata first: once unlisted, no request can hand out the blob.
    const gone = await hub.repos.forgetGarbage(digest);
    if (!gone) continue;
    await hub.blobs.deleteBlob(digest);
    report.deleted.push(digest);
    report.freedBytes += size;
  }
  return report;
}
