/** Namespaces in the admin API's wire shape, and its create body in the engine's terms. */
import { InvalidArgumentError, type NamespaceJson } from '@quai/common';
import type { Engine, NamespaceRecord, NamespaceSpec, NamespaceUsage, PolicyName, Quota } from '@quai/engine';
import type { AdminContext } from '../../router.js';
import type { NamespaceCreateBody } from '../../schemas/namespaces.js';

/** Wire name → engine name of each quota field. */
const QUOTA_FIELDS: Record<string, keyof Quota> = {
  Memory: 'memory', NanoCpus: 'nanoCpus', Pids: 'pids', Disk: 'disk',
  Containers: 'containers', Images: 'images', Volumes: 'volumes', Networks: 'networks',
};

export function toNamespaceJson(engine: Engine, r: NamespaceRecord, usage?: NamespaceUsage): NamespaceJson {
  const quota: Record<string, number> = {}; // NamespaceQuotaJson, filled by wire name
  for (const [wire, key] of Object.entries(QUOTA_FIELDS)) if (r.quota[key] !== undefined) quota[wire] = r.quota[key]!;
  return {
    Name: r.name,
    Policy: r.policy,
    Quota: quota,
    PublishAddress: r.publishAddress ?? '',
    Outbound: r.outbound !== false,
    Labels: r.labels ?? {},
    Created: r.created,
    Socket: r.name === 'default' ? '' : engine.namespaces.socketPath(r.name),
    ...(usage ? {
      Usage: {
        Containers: usage.containers, ContainersRunning: usage.running, Images: usage.images,
        Volumes: usage.volumes, Networks: usage.networks, DiskBytes: usage.diskBytes,
      },
    } : {}),
  };
}

/** The validated create body in the engine's terms (0 or absent = unbounded). */
export function fromCreateBody(body: NamespaceCreateBody): NamespaceSpec {
  const quota: Quota = {};
  for (const [wire, value] of Object.entries(body.Quota ?? {})) {
    const key = QUOTA_FIELDS[wire];
    if (key && typeof value === 'number' && value > 0) quota[key] = value;
  }
  return {
    name: body.Name ?? '',
    policy: (body.Policy || undefined) as PolicyName | undefined,
    quota,
    publishAddress: body.PublishAddress || undefined,
    ...(body.Outbound === false ? { outbound: false } : {}),
    labels: body.Labels ?? {},
  };
}

export function adminOf(admin: AdminContext | undefined): AdminContext {
  if (!admin) throw new InvalidArgumentError('the namespace API is served on the engine\'s main socket only');
  return admin;
}
