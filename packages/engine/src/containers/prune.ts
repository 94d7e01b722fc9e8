/** `container prune`: remove every stopped container matching the filters. */
import type { ContainerContext } from './context.js';
import { isRunning } from './container-record.js';
import { removeContainer } from './remove.js';
import { DockerFilters } from '@quai/common';

export async function pruneContainers(d: ContainerContext, filters: Map<string, string[]>): Promise<{ deleted: string[]; spaceReclaimed: number }> {
  const deleted: string[] = [];
  let spaceReclaimed = 0;
  const f = new DockerFilters(filters);
  for (const c of d.store.all()) {
    if (isRunning(c)) continue;
    if (!f.labels(c.config.Labels) || !f.until(Date.parse(c.created))) continue;
    const usage = await d.snapshotter.usage(c.id).catch(() => ({ bytes: 0 }));
    await removeContainer(d, c.id, { force: false });
    deleted.push(c.id);
    spaceReclaimed += usage.bytes;
  }
  return { deleted, spaceReclaimed };
}
