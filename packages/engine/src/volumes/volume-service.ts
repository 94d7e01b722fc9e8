/**
 * Named volumes with the local driver: create/ls/inspect/rm/prune.
 *
 *   <dataRoot>/volumes/<name>/
 *   ├── volume.json     VolumeRecord (written by rename)
 *   └── _data/          what containers see (or the mount point of -o device)
 *
 * A volume referenced by any container (running or not) is in use: it
 * cannot be removed, and prune skips it.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConflictError, DockerFilters, InvalidArgumentError, NotFoundError } from '@quai/common';
import { volumesDir, type EnginePaths } from '../paths.js';
import type { Events } from '../events/event-bus.js';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import { isMounted, unmount } from '../host/mount.js';
import { run } from '../host/run.js';
import { diskUsage } from '../snapshots/disk-usage.js';
import { ANONYMOUS_LABEL, type VolumeRecord } from './volume-record.js';
import type { Policy } from '../namespaces/policy.js';
import type { QuotaGuard } from '../namespaces/quota.js';
import { makeDirs } from '../host/make-dirs.js';

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const LOCAL_OPTIONS = new Set(['type', 'device', 'o', 'size']);

export interface VolumeCreateOptions {
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  driverOpts?: Record<string, string>;
}

export class VolumeService {
  private readonly byName = new Map<string, VolumeRecord>();

  constructor(private readonly opts: {
    paths: EnginePaths;
    events: Events;
    /** Ids of the containers whose mounts name this volume. */
    users: (name: string) => string[];
    policy?: Policy;
    quota?: QuotaGuard;
  }) {}

  /** Ids of the containers that use the volume. */
  users(name: string): string[] { return this.opts.users(name); }

  private get root(): string { return volumesDir(this.opts.paths); }
  dir(name: string): string { return join(this.root, name); }
  dataPath(name: string): string { return join(this.dir(name), '_data'); }

  async load(): Promise<void> {
    await makeDirs(this.root, 0o701);
    for (const name of await readdir(this.root)) {
      const record = await readJson<VolumeRecord>(join(this.dir(name), 'volume.json')).catch(() => undefined);
      if (record) this.byName.set(name, record);
      else await rm(this.dir(name), { recursive: true, force: true }); // a create that died half way
    }
  }

  /** Docker returns the existing volume when the name is taken by the same driver. */
  async create(o: VolumeCreateOptions = {}): Promise<VolumeRecord> {
    const name = o.name || randomBytes(32).toString('hex');
    const driver = o.driver || 'local';
    if (driver !== 'local') throw new NotFoundError(`error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    if (!VALID_NAME.test(name)) {
      throw new InvalidArgumentError(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    }
    const existing = this.byName.get(name);
    if (existing) return existing;
    const options = o.driverOpts ?? {};
    for (const key of Object.keys(options)) {
      if (!LOCAL_OPTIONS.has(key)) throw new InvalidArgumentError(`create ${name}: invalid option key: "${key}"`);
    }
    if (options.device && !options.type) throw new InvalidArgumentError(`create ${name}: missing required option: "type"`);
    this.opts.policy?.checkVolume(options);
    this.opts.quota?.checkCount('volumes', this.byName.size);
    await this.opts.quota?.checkDisk();
    const record: VolumeRecord = {
      name, driver: 'local', labels: o.labels ?? {}, options,
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    await makeDirs(this.dataPath(name), 0o755);
    await writeJsonAtomic(join(this.dir(name), 'volume.json'), record);
    this.byName.set(name, record);
    this.opts.events.publish('volume', 'create', name, { driver: 'local' });
    return record;
  }

  get(name: string): VolumeRecord {
    const v = this.byName.get(name);
    if (!v) throw new NotFoundError(`get ${name}: no such volume`);
    return v;
  }

  find(name: string): VolumeRecord | undefined { return this.byName.get(name); }

  list(filters: Map<string, string[]> = new Map()): VolumeRecord[] {
    const f = new DockerFilters(filters).check(FILTERS);
    return [...this.byName.values()].filter((v) => matches(v, f, this.opts.users(v.name).length > 0));
  }

  /** `rm`: refused (409) while a container uses it, even with force. */
  async remove(name: string, opts: { force?: boolean } = {}): Promise<void> {
    const v = this.byName.get(name);
    if (!v) {
      if (opts.force) return;
      throw new NotFoundError(`get ${name}: no such volume`);
    }
    const users = this.opts.users(name);
    if (users.length) throw new ConflictError(`remove ${name}: volume is in use - [${users.join(', ')}]`);
    await unmount(this.dataPath(name)).catch(() => {});
    this.byName.delete(name);
    await rm(this.dir(name), { recursive: true, force: true });
    this.opts.events.publish('volume', 'destroy', name, { driver: 'local' });
  }

  /** API ≥ 1.42: only anonymous volumes unless the filter `all=true`. */
  async prune(filters: Map<string, string[]>): Promise<{ deleted: string[]; spaceReclaimed: number }> {
    const all = new DockerFilters(filters).bool('all') ?? false;
    const rest = new Map([...filters].filter(([k]) => k !== 'all'));
    const deleted: string[] = [];
    let spaceReclaimed = 0;
    for (const v of this.list(rest)) {
      if (this.opts.users(v.name).length) continue;
      if (!all && !(ANONYMOUS_LABEL in v.labels)) continue;
      const size = await this.size(v.name);
      await this.remove(v.name).then(() => { deleted.push(v.name); spaceReclaimed += size; }, () => {});
    }
    return { deleted, spaceReclaimed };
  }

  /** The host path to bind: mounts the device of a `-o type=…` volume first. */
  async mount(name: string): Promise<string> {
    const v = this.get(name);
    const data = this.dataPath(name);
    if (v.options.type && !(await isMounted(data))) {
      const args = ['-t', v.options.type];
      if (v.options.o) args.push('-o', v.options.o);
      await run('/bin/mount', [...args, v.options.device || v.options.type, data]);
    }
    return data;
  }

  async isEmpty(name: string): Promise<boolean> {
    return (await readdir(this.dataPath(name)).catch(() => [])).length === 0;
  }

  /** Every volume's name (namespace removal). */
  names(): string[] { return [...this.byName.keys()]; }

  async size(name: string): Promise<number> { return (await diskUsage(this.dataPath(name))).bytes; }
}

const FILTERS = ['name', 'driver', 'dangling', 'label', 'label!'];

function matches(v: VolumeRecord, filters: DockerFilters, inUse: boolean): boolean {
  const dangling = filters.bool('dangling');
  return filters.any('name', (n) => v.name.includes(n))
    && filters.any('driver', (d) => v.driver === d)
    && (dangling === undefined || dangling === !inUse)
    && filters.labels(v.labels);
}
