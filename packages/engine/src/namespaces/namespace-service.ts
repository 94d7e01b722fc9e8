/**
 * The engine's namespaces: create, list, inspect, remove, and the scope
 * (services bound to one namespace) each is served by. Records persist in
 * <dataRoot>/namespaces/<name>/namespace.json, so namespaces survive a
 * daemon restart; `default` always exists and has no record.
 *
 *   create(spec)   name reserved at once → record written → scope built
 *                  (cgroup limits, default bridge record) → `namespace create` event
 *   remove(name)   record marked removing → everything in it goes (scope.ts)
 *                  → record and dirs gone; a restart finishes a removal cut short
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InvalidArgumentError, NotFoundError, QuaiError } from '@quai/common';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import { diskReserve } from '../store/disk-reserve.js';
import { DEFAULT_NAMESPACE, namespaceRecordPath, namespaceSocketPath, namespacesDir, type EnginePaths } from '../paths.js';
import { checkNamespaceName, defaultNamespaceRecord, POLICIES, type NamespaceRecord, type PolicyName, type Quota } from './namespace-record.js';
import type { EngineScope, Scope } from '../scope.js';
import type { Events } from '../events/event-bus.js';

export interface NamespaceSpec {
  name: string;
  policy?: PolicyName;
  quota?: Quota;
  publishAddress?: string;
  /** false: no traffic out of its networks beyond the host (default: allowed, as Docker). */
  outbound?: boolean;
  labels?: Record<string, string>;
}

export interface NamespaceUsage {
  containers: number;
  running: number;
  images: number;
  volumes: number;
  networks: number;
  diskBytes: number;
}

export interface NamespaceServiceOptions {
  paths: EnginePaths;
  scopes: Map<string, Scope>;
  build: (record: NamespaceRecord) => Promise<Scope>;
  destroy: (scope: Scope) => Promise<void>;
  /** The default namespace's events: namespaces are created and removed from there. */
  events: Events;
}

const QUOTA_KEYS: Array<keyof Quota> = ['memory', 'nanoCpus', 'pids', 'disk', 'containers', 'images', 'volumes', 'networks'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export class NamespaceService {
  private readonly pending = new Set<string>();

  constructor(private readonly o: NamespaceServiceOptions) {}

  /** Records on disk, `default` first (built by the engine's start). */
  async load(): Promise<NamespaceRecord[]> {
    const out = [defaultNamespaceRecord()];
    const names = await readdir(namespacesDir(this.o.paths)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const record = await readJson<NamespaceRecord>(namespaceRecordPath(this.o.paths, name)).catch(() => undefined);
      if (record?.name === name) out.push(record);
    }
    return out;
  }

  list(): NamespaceRecord[] {
    return [...this.o.scopes.values()].map((s) => s.namespace).sort((a, b) =>
      a.name === DEFAULT_NAMESPACE ? -1 : b.name === DEFAULT_NAMESPACE ? 1 : a.name.localeCompare(b.name));
  }

  /** The services of one namespace; NotFoundError when there is none. */
  scope(name: string): EngineScope {
    const s = this.o.scopes.get(name);
    if (!s || s.namespace.removing) throw new NotFoundError(`namespace ${name} not found`);
    return s;
  }

  get(name: string): NamespaceRecord {
    return this.scope(name).namespace;
  }

  socketPath(name: string): string {
    return namespaceSocketPath(this.o.paths, name);
  }

  async usage(name: string): Promise<NamespaceUsage> {
    const s = this.scope(name);
    const containers = await s.containers.list({ all: true });
    return {
      containers: containers.length,
      running: containers.filter((c) => c.state.status === 'running').length,
      images: (await s.images.list({ all: true })).length,
      volumes: s.volumes.list().length,
      networks: s.networks.all().length,
      diskBytes: await s.diskUsage(),
    };
  }

  async create(spec: NamespaceSpec): Promise<EngineScope> {
    const record = validate(spec);
    if (this.o.scopes.has(record.name) || this.pending.has(record.name)) throw new ConflictError(`namespace ${record.name} already exists`);
    this.pending.add(record.name);
    try {
      await writeJsonAtomic(namespaceRecordPath(this.o.paths, record.name), record, { reserve: diskReserve(this.o.paths) });
      let scope: Scope;
      try {
        scope = await this.o.build(record);
      } catch (err) {
        await rm(join(namespacesDir(this.o.paths), record.name), { recursive: true, force: true });
        throw err;
      }
      this.o.events.publish('namespace', 'create', record.name, { name: record.name, policy: record.policy });
      return scope;
    } finally {
      this.pending.delete(record.name);
    }
  }

  async remove(name: string): Promise<void> {
    if (name === DEFAULT_NAMESPACE) throw new QuaiError('forbidden', 'the default namespace cannot be removed');
    const scope = this.o.scopes.get(name);
    if (!scope) throw new NotFoundError(`namespace ${name} not found`);
    if (!scope.namespace.removing) {
      scope.namespace.removing = true;
      await writeJsonAtomic(namespaceRecordPath(this.o.paths, name), scope.namespace, { reserve: diskReserve(this.o.paths) });
    }
    await this.o.destroy(scope);
    this.o.events.publish('namespace', 'destroy', name, { name });
  }
}

function validate(spec: NamespaceSpec): NamespaceRecord {
  const name = spec.name ?? '';
  checkNamespaceName(name);
  if (name === DEFAULT_NAMESPACE) throw new ConflictError('namespace default already exists');
  const policy = spec.policy || 'default';
  if (!POLICIES.includes(policy)) throw new InvalidArgumentError(`invalid policy "${policy}": use ${POLICIES.join(' or ')}`);
  const quota: Quota = {};
  for (const [key, value] of Object.entries(spec.quota ?? {})) {
    if (value === undefined || value === null) continue;
    if (!QUOTA_KEYS.includes(key as keyof Quota)) throw new InvalidArgumentError(`unknown quota "${key}": use ${QUOTA_KEYS.join(', ')}`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(`invalid quota ${key}: ${value} (a positive whole number)`);
    quota[key as keyof Quota] = value;
  }
  if (quota.memory !== undefined && quota.memory < 6 * 1024 * 1024) throw new InvalidArgumentError('invalid quota memory: at least 6MB');
  if (quota.disk !== undefined && quota.disk < 4 * 1024 * 1024) throw new InvalidArgumentError('invalid quota disk: at least 4MB (it is a file system of its own)');
  const publishAddress = spec.publishAddress ?? '';
  if (publishAddress && !IPV4.test(publishAddress)) throw new InvalidArgumentError(`invalid publish address "${publishAddress}": an IPv4 address`);
  return {
    name, policy, quota, created: new Date().toISOString(),
    ...(publishAddress ? { publishAddress } : {}),
    ...(spec.outbound === false ? { outbound: false } : {}),
    ...(spec.labels && Object.keys(spec.labels).length ? { labels: spec.labels } : {}),
  };
}
