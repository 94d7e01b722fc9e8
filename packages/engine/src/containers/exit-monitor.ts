/**
 * Learns of container exits from conmon's exit files (<execRoot>/exits/<id>,
 * holding the exit code) with inotify, and lets callers wait for the next
 * exit or for removal of a container.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ExitInfo { exitCode: number; finishedAt: Date }

type Handler = (id: string, exit: ExitInfo) => Promise<void>;

export class ExitMonitor {
  private watcher?: FSWatcher;
  private readonly exitWaiters = new Map<string, Set<(code: number) => void>>();
  private readonly removeWaiters = new Map<string, Set<(code: number) => void>>();
  private readonly seen = new Set<string>();

  /** `onError`: an exit that could not be recorded (a full disk); its file stays for the next start. */
  constructor(private readonly dir: string, private readonly onExit: Handler, private readonly onError: (id: string, err: unknown) => void = () => {}) {}

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const check = (id: string) => this.check(id).catch((err) => this.onError(id, err));
    this.watcher = watch(this.dir, (_event, file) => { if (file) void check(String(file)); });
    for (const file of await readdir(this.dir)) await check(file);
  }

  stop(): void {
    this.watcher?.close();
  }

  /** Forget a handled exit so a later run's exit file is seen again. */
  reset(id: string): void {
    this.seen.delete(id);
  }

  async check(id: string): Promise<void> {
    if (id.includes('.') || this.seen.has(id)) return;
    const path = join(this.dir, id);
    let text: string;
    let finishedAt: Date;
    try {
      text = await readFile(path, 'utf8');
      finishedAt = (await stat(path)).mtime;
    } catch {
      return;
    }
    // conmon writes the file in one go, but inotify may fire on creation.
    if (text.trim() === '') { setTimeout(() => this.check(id).catch(() => {}), 5); return; }
    if (this.seen.has(id)) return;
    this.seen.add(id);
    await this.onExit(id, { exitCode: Number.parseInt(text, 10), finishedAt });
  }

  /**
   * Resolves with the exit code of the container's next exit. An abort
   * (the client went away) drops the waiter, so none piles up on a
   * container that runs for days.
   */
  nextExit(id: string, signal?: AbortSignal): Promise<number> {
    return this.waitOn(this.exitWaiters, id, signal);
  }

  /** Resolves with the last exit code once the container is removed. */
  removal(id: string, signal?: AbortSignal): Promise<number> {
    return this.waitOn(this.removeWaiters, id, signal);
  }

  notifyExit(id: string, code: number): void { this.fire(this.exitWaiters, id, code); }
  notifyRemoved(id: string, code: number): void { this.fire(this.removeWaiters, id, code); }

  private waitOn(map: Map<string, Set<(code: number) => void>>, id: string, signal?: AbortSignal): Promise<number> {
    return new Promise((resolve) => {
      let set = map.get(id);
      if (!set) map.set(id, (set = new Set()));
      set.add(resolve);
      signal?.addEventListener('abort', () => {
        const current = map.get(id);
        current?.delete(resolve);
        if (current?.size === 0) map.delete(id);
      }, { once: true });
    });
  }

  private fire(map: Map<string, Set<(code: number) => void>>, id: string, code: number): void {
    const set = map.get(id);
    map.delete(id);
    for (const resolve of set ?? []) resolve(code);
  }
}
