/**
 * Docker's update body (`POST /containers/{id}/update`: Resources and
 * RestartPolicy) into the engine's ContainerUpdate. As dockerd, a limit of
 * 0 (or null) means "leave it", except PidsLimit, where 0 lifts the limit;
 * a restart policy without a name leaves the policy.
 */
import type { HostConfig } from '@quai/common';
import type { ContainerUpdate, UpdatableResources } from '@quai/engine';

export type UpdateBody = Partial<Pick<HostConfig, 'Memory' | 'MemorySwap' | 'MemoryReservation' | 'NanoCpus' | 'CpuShares'
  | 'CpuPeriod' | 'CpuQuota' | 'CpusetCpus' | 'CpusetMems' | 'PidsLimit' | 'BlkioWeight' | 'RestartPolicy'>>;

const RESOURCE: Record<Exclude<keyof UpdateBody, 'RestartPolicy'>, keyof UpdatableResources> = {
  Memory: 'memory', MemorySwap: 'memorySwap', MemoryReservation: 'memoryReservation', NanoCpus: 'nanoCpus',
  CpuShares: 'cpuShares', CpuPeriod: 'cpuPeriod', CpuQuota: 'cpuQuota', CpusetCpus: 'cpusetCpus', CpusetMems: 'cpusetMems',
  PidsLimit: 'pidsLimit', BlkioWeight: 'blkioWeight',
};

export function containerUpdate(body: UpdateBody): ContainerUpdate {
  const resources: ContainerUpdate['resources'] = {};
  for (const [field, key] of Object.entries(RESOURCE) as Array<[keyof typeof RESOURCE, keyof UpdatableResources]>) {
    const value = body[field];
    if (value === undefined || value === null || (value === 0 && field !== 'PidsLimit')) continue;
    (resources as Record<string, number | string>)[key] = value;
  }
  const policy = body.RestartPolicy;
  return {
    resources,
    ...(body.MemorySwap === undefined ? { swapOmitted: true } : {}),
    ...(policy?.Name ? { restartPolicy: { name: policy.Name, ...(policy.MaximumRetryCount !== undefined ? { maximumRetryCount: policy.MaximumRetryCount } : {}) } } : {}),
  };
}
