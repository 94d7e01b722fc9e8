/**
 * `system df [-v] [--format]`: Docker's summary table (Images, Containers,
 * Local Volumes, Build Cache) with its sums, or with -v one table per kind.
 * quai adds a "Logs" row when the daemon reports LogsSize.
 */
import type { ContainerSummary, DiskUsage } from '@quai/client';
import { humanSize, timeAgo } from '@quai/common';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { IMAGE_HEADERS, imageContexts } from '../../format/image-context.js';
import { PS_HEADERS, containerContext } from '../../format/container-context.js';

export const spec: CommandSpec = {
  usage: 'system df [OPTIONS]',
  description: 'Show docker disk usage',
  aliases: ['quai system df'],
  flags: [
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'verbose', short: 'v', type: 'bool', description: 'Show detailed information on space usage' },
  ],
  maxArgs: 0,
};


const hs = (n: number) => humanSize(n, 4);
const withPercent = (part: number, total: number) => (total > 0 ? `${hs(part)} (${Math.trunc((part * 100) / total)}%)` : hs(part));
const active = (c: ContainerSummary) => /running|paused|restarting/.test(c.State);

/** The summary rows, computed as Docker's CLI does (cli/command/formatter/disk_usage.go). */
export function summaryRows(du: DiskUsage): Record<string, string>[] {
  const images = du.Images ?? [];
  const containers = du.Containers ?? [];
  const volumes = du.Volumes ?? [];
  const cache = du.BuildCache ?? [];
  let imagesUsed = 0;
  for (const i of images) if (i.Containers) imagesUsed += i.Size - (i.SharedSize ?? 0);
  const cTotal = containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0);
  const cFree = containers.filter((c) => !active(c)).reduce((n, c) => n + (c.SizeRw ?? 0), 0);
  const sized = volumes.filter((v) => (v.UsageData?.Size ?? -1) !== -1);
  const vTotal = sized.reduce((n, v) => n + v.UsageData!.Size, 0);
  const vFree = sized.filter((v) => v.UsageData!.RefCount === 0).reduce((n, v) => n + v.UsageData!.Size, 0);
  const bTotal = cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
  const bInUse = cache.filter((b) => b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0);
  const rows = [
    { Type: 'Images', TotalCount: String(images.length), Active: String(images.filter((i) => (i.Containers ?? 0) > 0).length), Size: hs(du.LayersSize), Reclaimable: withPercent(du.LayersSize - imagesUsed, du.LayersSize) },
    { Type: 'Containers', TotalCount: String(containers.length), Active: String(containers.filter(active).length), Size: hs(cTotal), Reclaimable: withPercent(cFree, cTotal) },
    { Type: 'Local Volumes', TotalCount: String(volumes.length), Active: String(volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length), Size: hs(vTotal), Reclaimable: withPercent(vFree, vTotal) },
    { Type: 'Build Cache', TotalCount: String(cache.length), Active: String(cache.filter((b) => b.InUse).length), Size: hs(bTotal), Reclaimable: hs(bTotal - bInUse) },
  ];
  if (du.LogsSize !== undefined) {
    // Logs go with their container: those of stopped ones are reclaimable.
    const logged = containers.filter((c) => (c as { LogSize?: number }).LogSize);
    const lFree = logged.filter((c) => !active(c)).reduce((n, c) => n + ((c as { LogSize?: number }).LogSize ?? 0), 0);
    rows.push({ Type: 'Logs', TotalCount: String(logged.length), Active: String(logged.filter(active).length), Size: hs(du.LogsSize), Reclaimable: withPercent(lFree, du.LogsSize) });
  }
  return rows;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const du = await cli.client.json<DiskUsage>('GET', '/system/df');
  const format = (p.flags.format as string) || '';
  if (p.flags.verbose !== true) {
    cli.out(renderList({
      format,
      defaultTable: '{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}',
      headers: { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' },
    }, summaryRows(du)));
    return;
  }
  const now = Date.now();
  let out = 'Images space usage:\n\n';
  out += renderList({
    format: '', headers: IMAGE_HEADERS,
    defaultTable: '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}',
  }, (du.Images ?? []).map((i) => imageContexts(i, { trunc: true, digests: false, now })[0]));
  out += '\nContainers space usage:\n\n';
  out += renderList({
    format: '', headers: { ...PS_HEADERS, Size: 'SIZE' },
    defaultTable: '{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}',
  }, (du.Containers ?? []).map((c) => containerContext({ ...c, SizeRootFs: 0 }, true, now)));
  out += '\nLocal Volumes space usage:\n\n';
  out += renderList({
    format: '', headers: { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' },
    defaultTable: '{{.Name}}\t{{.Links}}\t{{.Size}}',
  }, (du.Volumes ?? []).map((v) => ({ Name: v.Name, Links: v.UsageData ? String(v.UsageData.RefCount) : 'N/A', Size: v.UsageData && v.UsageData.Size >= 0 ? hs(v.UsageData.Size) : 'N/A' })));
  const cache = du.BuildCache ?? [];
  out += `\nBuild cache usage: ${hs(cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0))}\n\n`;
  out += renderList({
    format: '', headers: { ID: 'CACHE ID', CacheType: 'CACHE TYPE', Size: 'SIZE', CreatedSince: 'CREATED', LastUsedSince: 'LAST USED', UsageCount: 'USAGE', Shared: 'SHARED' },
    defaultTable: '{{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}',
  }, cache.map((b) => ({
    ID: b.ID.slice(0, 12) + (b.InUse ? '*' : ''), CacheType: b.Type, Size: humanSize(b.Size, 3),
    CreatedSince: timeAgo(Date.parse(b.CreatedAt) / 1000, now),
    LastUsedSince: b.LastUsedAt ? timeAgo(Date.parse(b.LastUsedAt) / 1000, now) : '',
    UsageCount: String(b.UsageCount), Shared: String(b.Shared),
  })));
  if (du.LogsSize !== undefined) out += `\nContainer logs usage: ${hs(du.LogsSize)}\n`;
  cli.out(out);
}
