/**
 * `update`: change resources (live, through the runtime) and the restart
 * policy of a container; the new values are kept in its host config so the
 * next start uses them too. The daemon translates Docker's update body
 * (daemon/src/translate/container-update.ts).
 */
import { InvalidArgumentError, type HostConfig, type RestartPolicy } from '@quai/common';
import { resources } from '../runtime/oci-spec.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';

/** The limits `update` can change: bytes, nano CPUs, CFS microseconds, CPU and memory node lists. */
export interface UpdatableResources {
  memory: number;
  memorySwap: number;
  memoryReservation: number;
  nanoCpus: number;
  cpuShares: number;
  cpuPeriod: number;
  cpuQuota: number;
  cpusetCpus: string;
  cpusetMems: string;
  pidsLimit: number;
  blkioWeight: number;
}

/** The host config field (what inspect shows, what start applies) each limit is kept in. */
const HOST_CONFIG_FIELD: Record<keyof UpdatableResources, keyof HostConfig> = {
  memory: 'Memory', memorySwap: 'MemorySwap', memoryReservation: 'MemoryReservation', nanoCpus: 'NanoCpus',
  cpuShares: 'CpuShares', cpuPeriod: 'CpuPeriod', cpuQuota: 'CpuQuota', cpusetCpus: 'CpusetCpus', cpusetMems: 'CpusetMems',
  pidsLimit: 'PidsLimit', blkioWeight: 'BlkioWeight',
};

export interface ContainerUpdate {
  /** The limits to change; the others stay. */
  resources: Partial<UpdatableResources>;
  /**
   * The client did not mention swap at all (not even as 0): a memory limit
   * below the container's swap limit is then refused here rather than by the kernel.
   */
  swapOmitted?: boolean;
  /** A new restart policy; unchanged when absent. */
  restartPolicy?: { name: Exclude<RestartPolicy['Name'], ''>; maximumRetryCount?: number };
}

export function updateContainer(d: ContainerContext, c: ContainerRecord, update: ContainerUpdate): Promise<string[]> {
  return d.locks.run(c.id, async () => {
    const next: HostConfig = { ...c.hostConfig };
    const changes = Object.entries(update.resources) as Array<[keyof UpdatableResources, number | string]>;
    for (const [key, value] of changes) (next as Record<string, unknown>)[HOST_CONFIG_FIELD[key]] = value;
    const { memory } = update.resources;
    if (memory && update.swapOmitted && c.hostConfig.MemorySwap && c.hostConfig.MemorySwap > 0 && c.hostConfig.MemorySwap < memory) {
      throw new InvalidArgumentError('Minimum memoryswap limit should be larger than memory limit, see usage');
    }
    if (next.NanoCpus && (next.CpuQuota || next.CpuPeriod)) {
      throw new InvalidArgumentError('Conflicting options: Nano CPUs and CPU Period/Quota cannot both be set');
    }
    const policy = update.restartPolicy;
    if (policy) {
      if (c.hostConfig.AutoRemove && policy.name !== 'no') {
        throw new InvalidArgumentError('Restart policy cannot be updated because AutoRemove is enabled for the container');
      }
      next.RestartPolicy = { Name: policy.name, ...(policy.maximumRetryCount !== undefined ? { MaximumRetryCount: policy.maximumRetryCount } : {}) };
    }
    const updated = { ...c, hostConfig: next };
    if (changes.length && isRunning(c)) {
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
