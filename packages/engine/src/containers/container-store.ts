/**
 * All containers, in memory and on disk (one container.json each, written
 * by rename), keyed by id across namespaces (ids are unique). Names are per
 * namespace: `names` maps namespace → name → id, and a name is reserved
 * synchronously (reserveName) before a create or rename awaits anything,
 * so two concurrent creates with one name can never both pass.
 *
 * Verbs see one namespace through `namespace(ns)`: lookups the way Docker
 * does them (full id, name with or without the leading slash, unique id
 * prefix), all inside that namespace only.
 */
import { readdir, rm } from 'node:fs/promises';
import { ConflictError, NotFoundError, InvalidArgumentError, errorMessage } from '@quai/common';
import type { EnginePaths } from '../paths.js';
import { containerDir, containersDir } from '../paths.js';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import { diskReserve, isNoSpace } from '../store/disk-reserve.js';
import type { ContainerRecord } from './container-record.js';
import { isRunning, namespaceOf } from './container-record.js';
import type { ImageUsers } from '../images/image-record.js';

const RECORD_FILE = 'container.json';
const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class ContainerStore {
  private readonly byId = new Map<string, ContainerRecord>();
  private readonly names = new Map<string, Map<string, string>>();
  private readonly views = new Map<string, NamespaceContainers>();
  /** Containers whose newest state is only in memory (the disk was full). */
  private readonly unsaved = new Set<string>();

  constructor(private readonly paths: EnginePaths, private readonly warn: (message: string) => void = () => {}) {}

  async load(): Promise<ContainerRecord[]> {
    let ids: string[] = [];
    try { ids = await readdir(containersDir(this.paths)); } catch { /* first start */ }
    for (const id of ids) {
      const record = await readJson<ContainerRecord>(join(containerDir(this.paths, id), RECORD_FILE)).catch(() => undefined);
      // A dir without a record is a create that died half way: drop it.
      if (record) {
        this.byId.set(id, record);
        if (record.state.status !== 'removing') this.namesOf(namespaceOf(record)).set(record.name, id);
      } else await rm(containerDir(this.paths, id), { recursive: true, force: true });
    }
    return this.all();
  }

  /** Every namespace's containers, newest first. */
  all(): ContainerRecord[] {
    return [...this.byId.values()].sort((a, b) => b.created.localeCompare(a.created));
  }

  /** By full id, whatever its namespace (exits, reconcile). */
  byFullId(id: string): ContainerRecord | undefined {
    return this.byId.get(id);
  }

  /** The containers of one namespace, looked up as its users do. */
  namespace(ns: string): NamespaceContainers {
    let view = this.views.get(ns);
    if (!view) this.views.set(ns, (view = new NamespaceContainers(this, ns)));
    return view;
  }

  /** @internal for NamespaceContainers */
  namesOf(ns: string): Map<string, string> {
    let map = this.names.get(ns);
    if (!map) this.names.set(ns, (map = new Map()));
    return map;
  }

  /** @internal */
  records(): IterableIterator<ContainerRecord> { return this.byId.values(); }

  /**
   * Write a record; false when the disk was full. A container already
   * recorded then keeps its new state in memory (stop, exit and removal go
   * on; the file on disk stays whole, one state behind) and is written at
   * the next save that succeeds. A new record fails as the disk says.
   */
  async save(record: ContainerRecord): Promise<boolean> {
    try {
      await this.write(record);
    } catch (err) {
      if (!isNoSpace(err) || !this.byId.has(record.id)) throw err;
      this.byId.set(record.id, record);
      if (!this.unsaved.has(record.id)) this.warn(`container ${record.id}: state kept in memory until there is room: ${errorMessage(err)}`);
      this.unsaved.add(record.id);
      return false;
    }
    this.byId.set(record.id, record);
    this.unsaved.delete(record.id);
    for (const id of [...this.unsaved]) {
      const waiting = this.byId.get(id);
      if (!waiting) this.unsaved.delete(id);
      else if (await this.write(waiting).then(() => true, () => false)) this.unsaved.delete(id);
      else break;
    }
    return true;
  }

  private write(record: ContainerRecord): Promise<void> {
    return writeJsonAtomic(join(containerDir(this.paths, record.id), RECORD_FILE), record, { reserve: diskReserve(this.paths) });
  }

  /** Drop from memory only (a removal whose cleanup is still under way); the name is free at once. */
  forget(id: string): void {
    const c = this.byId.get(id);
    this.byId.delete(id);
    if (c) this.releaseName(namespaceOf(c), c.name, id);
  }

  async delete(id: string): Promise<void> {
    this.forget(id);
    this.unsaved.delete(id);
    await rm(containerDir(this.paths, id), { recursive: true, force: true });
  }

  /** @internal */
  releaseName(ns: string, name: string, id: string): void {
    const map = this.names.get(ns);
    if (map?.get(name) === id) map.delete(name);
    if (map && !map.size) this.names.delete(ns);
  }

  /** Forget a removed namespace's view and names. */
  dropNamespace(ns: string): void {
    this.views.delete(ns);
    this.names.delete(ns);
  }
}

/** One namespace's containers: what every container verb works on. */
export class NamespaceContainers implements ImageUsers {
  constructor(private readonly store: ContainerStore, readonly namespace: string) {}

  all(): ContainerRecord[] {
    return this.store.all().filter((c) => namespaceOf(c) === this.namespace);
  }

  count(): number {
    let n = 0;
    for (const c of this.store.records()) if (namespaceOf(c) === this.namespace) n++;
    return n;
  }

  save(record: ContainerRecord): Promise<boolean> { return this.store.save(record); }
  forget(id: string): void { this.store.forget(id); }
  delete(id: string): Promise<void> { return this.store.delete(id); }

  /** Resolve what a user typed; NotFoundError with Docker's wording. */
  get(ref: string): ContainerRecord {
    const found = this.find(ref);
    if (!found) throw new NotFoundError(`No such container: ${ref}`);
    return found;
  }

  find(ref: string): ContainerRecord | undefined {
    if (!ref) return undefined;
    const exact = this.store.byFullId(ref);
    if (exact && namespaceOf(exact) === this.namespace) return exact;
    const name = ref.startsWith('/') ? ref.slice(1) : ref;
    const named = this.store.namesOf(this.namespace).get(name);
    if (named) return this.store.byFullId(named);
    const matches = this.all().filter((c) => c.id.startsWith(ref));
    if (matches.length > 1) throw new InvalidArgumentError(`multiple IDs found with provided prefix: ${ref}`);
    return matches[0];
  }

  /**
   * Check a name is valid and free, and hold it for `id` from now on (no
   * await in between). Returns it without the slash. Undo with releaseName.
   */
  reserveName(name: string, id: string): string {
    if (!VALID_NAME.test(name)) {
      throw new InvalidArgumentError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const bare = name.startsWith('/') ? name.slice(1) : name;
    const names = this.store.namesOf(this.namespace);
    const holder = names.get(bare);
    if (holder && holder !== id) {
      throw new ConflictError(`Conflict. The container name "/${bare}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    names.set(bare, id);
    return bare;
  }

  releaseName(name: string, id: string): void {
    this.store.releaseName(this.namespace, name, id);
  }

  isNameFree(name: string): boolean {
    return !this.store.namesOf(this.namespace).has(name);
  }

  containersUsing(imageId: string): Array<{ id: string; running: boolean }> {
    return this.all().filter((c) => c.imageId === imageId).map((c) => ({ id: c.id, running: isRunning(c) }));
  }
}
