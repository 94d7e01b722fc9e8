/**
 * All containers, in memory and on disk (one container.json each, written
 * by rename). Looks containers up the way Docker does: full id, name (with
 * or without the leading slash), or a unique id prefix.
 */
import { readdir, rm } from 'node:fs/promises';
import { ConflictError, NotFoundError, InvalidArgumentError } from '@quai/common';
import type { EnginePaths } from '../paths.js';
import { containerDir, containersDir } from '../paths.js';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import type { ContainerRecord } from './container-record.js';
import { isRunning } from './container-record.js';
import type { ImageUsers } from '../images/image-record.js';

const RECORD_FILE = 'container.json';
const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class ContainerStore implements ImageUsers {
  private readonly byId = new Map<string, ContainerRecord>();

  constructor(private readonly paths: EnginePaths) {}

  async load(): Promise<ContainerRecord[]> {
    let ids: string[] = [];
    try { ids = await readdir(containersDir(this.paths)); } catch { /* first start */ }
    for (const id of ids) {
      const record = await readJson<ContainerRecord>(join(containerDir(this.paths, id), RECORD_FILE)).catch(() => undefined);
      // A dir without a record is a create that died half way: drop it.
      if (record) this.byId.set(id, record);
      else await rm(containerDir(this.paths, id), { recursive: true, force: true });
    }
    return this.all();
  }

  all(): ContainerRecord[] {
    return [...this.byId.values()].sort((a, b) => b.created.localeCompare(a.created));
  }

  async save(record: ContainerRecord): Promise<void> {
    await writeJsonAtomic(join(containerDir(this.paths, record.id), RECORD_FILE), record);
    this.byId.set(record.id, record);
  }

  /** Drop from memory only (a removal whose cleanup is still under way). */
  forget(id: string): void {
    this.byId.delete(id);
  }

  async delete(id: string): Promise<void> {
    this.byId.delete(id);
    await rm(containerDir(this.paths, id), { recursive: true, force: true });
  }

  /** Resolve what a user typed; NotFoundError with Docker's wording. */
  get(ref: string): ContainerRecord {
    const found = this.find(ref);
    if (!found) throw new NotFoundError(`No such container: ${ref}`);
    return found;
  }

  find(ref: string): ContainerRecord | undefined {
    if (!ref) return undefined;
    const exact = this.byId.get(ref);
    if (exact) return exact;
    const name = ref.startsWith('/') ? ref.slice(1) : ref;
    for (const c of this.byId.values()) if (c.name === name) return c;
    const matches = [...this.byId.values()].filter((c) => c.id.startsWith(ref));
    if (matches.length > 1) throw new InvalidArgumentError(`multiple IDs found with provided prefix: ${ref}`);
    return matches[0];
  }

  /** Check a name is valid and free; returns it without the slash. */
  checkName(name: string, exceptId?: string): string {
    if (!VALID_NAME.test(name)) {
      throw new InvalidArgumentError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const bare = name.startsWith('/') ? name.slice(1) : name;
    for (const c of this.byId.values()) {
      if (c.name === bare && c.id !== exceptId) {
        throw new ConflictError(`Conflict. The container name "/${bare}" is already in use by container "${c.id}". You have to remove (or rename) that container to be able to reuse that name.`);
      }
    }
    return bare;
  }

  containersUsing(imageId: string): Array<{ id: string; running: boolean }> {
    return [...this.byId.values()].filter((c) => c.imageId === imageId).map((c) => ({ id: c.id, running: isRunning(c) }));
  }
}
