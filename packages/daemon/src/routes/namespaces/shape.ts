/** Namespaces in the admin API's wire shape, and its create body read strictly. */
import { InvalidArgumentError } from '@quai/common';
import type { Engine, NamespaceRecord, NamespaceSpec, NamespaceUsage, PolicyName, Quota } from '@quai/engine';
import type { AdminContext } from '../../router.js';

/** Wire name → engine name of each quota field. */
const QUOTA_FIELDS: Record<string, keyof Quota> = {
  Memory: 'memory', NanoCpus: 'nanoCpus', Pids: 'pids', Disk: 'disk',
  Containers: 'containers', Images: 'images', Volumes: 'volumes', Networks: 'networks',
};
const BODY_FIELDS = new Set(['Name', 'Policy', 'Quota', 'PublishAddress', 'Labels']);

export function toNamespaceJson(engine: Engine, r: NamespaceRecord, usage?: NamespaceUsage): Record<string, unknown> {
  const quota: Record<string, number> = {};
  for (const [wire, key] of Object.entries(QUOTA_FIELDS)) if (r.quota[key] !== undefined) quota[wire] = r.quota[key]!;
  return {
    Name: r.name,
    Policy: r.policy,
    Quota: quota,
    PublishAddress: r.publishAddress ?? '',
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

export function fromCreateBody(body: Record<string, unknown>): NamespaceSpec {
  for (const key of Object.keys(body)) {
    if (!BODY_FIELDS.has(key)) throw new InvalidArgumentError(`unknown field "${key}": use ${[...BODY_FIELDS].join(', ')}`);
  }
  const text = (key: string) => {
    const v = body[key];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new InvalidArgumentError(`${key} must be a string`);
    return (v as string | undefined) || undefined;
  };
  const quota: Quota = {};
  const rawQuota = body.Quota ?? {};
  if (typeof rawQuota !== 'object' || Array.isArray(rawQuota) || rawQuota === null) throw new InvalidArgumentError('Quota must be an object');
  for (const [wire, value] of Object.entries(rawQuota)) {
    const key = QUOTA_FIELDS[wire];
    if (!key) throw new InvalidArgumentError(`unknown quota "${wire}": use ${Object.keys(QUOTA_FIELDS).join(', ')}`);
    if (value === null || value === 0) continue;
    if (typeof value !== 'number') throw new InvalidArgumentError(`Quota.${wire} must be a number`);
    quota[key] = value;
  }
  const labels = body.Labels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
    throw new InvalidArgumentError('Labels must map strings to strings');
  }
  return {
    name: text('Name') ?? '',
    policy: text('Policy') as PolicyName | undefined,
    quota,
    publishAddress: text('PublishAddress'),
    labels: labels as Record<string, string>,
  };
}

export function adminOf(admin: AdminContext | undefined): AdminContext {
  if (!admin) throw new InvalidArgumentError('the namespace API is served on the engine\'s main socket only');
  return admin;
}
