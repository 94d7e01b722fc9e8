/**
 * `update`: change resources (live, through the runtime) and the restart
 * policy of a container; the new values are kept in its host config so the
 * next start uses them too.
 */
import { InvalidArgumentError, type HostConfig } from '@quai/common';
import { resources } from '../runtime/oci-spec.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

const UPDATABLE = ['Memory', 'MemorySwap', 'MemoryReservation', 'NanoCpus', 'CpuShares', 'CpuPeriod', 'CpuQuota', 'CpusetCpus', 'CpusetMems', 'PidsLimit', 'BlkioWeight'] as const;

export type UpdateBody = Partial<Pick<HostConfig, (typeof UPDATABLE)[number] | 'RestartPolicy'>>;

export function updateContainer(d: ContainerContext, c: ContainerRecord, body: UpdateBody): Promise<string[]> {
  return d.locks.run(c.id, async () => {
    const hc = { ...c.hostConfig } as Record<string, unknown>;
    let changedResources = false;
    for (const key of UPDATABLE) {
      const value = body[key];
      if (value === undefined || value === null || (value === 0 && key !== 'PidsLimit')) continue;
      hc[key] = value;
      changedResources = true;
    }
    const next = hc as HostConfig;
    if (body.Memory && body.MemorySwap === undefined && c.hostConfig.MemorySwap && c.hostConfig.MemorySwap > 0 && c.hostConfig.MemorySwap < body.Memory) {
      throw new InvalidArgumentError('Minimum memoryswap limit should be larger than memory limit, see usage');
    }
    if (next.NanoCpus && (next.CpuQuota || next.CpuPeriod)) {
      throw new InvalidArgumentError('Conflicting options: Nano CPUs and CPU Period/Quota cannot both be set');
    }
    if (body.RestartPolicy?.Name) {
      if (c.hostConfig.AutoRemove && body.RestartPolicy.Name !== 'no') {
        throw new InvalidArgumentError('Restart policy cannot be updated because AutoRemove is enabled for the container');
      }
      next.RestartPolicy = body.RestartPolicy;
    }
    const updated = { ...c, hostConfig: next };
    if (changedResources && isRunning(c)) {
      // The kernel refusing a limit (below current usage, a CPU set it lacks) is the request's fault, as in dockerd's words.
      await d.runtime.update(c.id, resources(updated, d.host.swapAccounting))
        .catch((err: Error) => { throw new InvalidArgumentError(`Cannot update container ${c.id}: ${err.message}`); });
    }
    c.hostConfig = next;
    await d.store.save(c);
    d.events.publish('container', 'update', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name });
    return [];
  });
}
