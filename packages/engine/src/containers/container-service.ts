/**
 * The container verbs the API offers, each delegating to its own module.
 * The daemon's routes call these; nothing here knows of HTTP.
 */
import { QuaiError } from '@quai/common';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { createContainer } from './create.js';
import type { ContainerSpec } from './container-spec.js';
import { startContainer } from './start.js';
import { killContainer, restartContainer, stopContainer } from './stop.js';
import { removeContainer } from './remove.js';
import { linkList, linkNamesOf, removeLink } from './links.js';
import { connectContainer, disconnectContainer } from '../networks/connect.js';
import type { EndpointRequest } from '../networks/endpoint-config.js';
import { waitContainer, type WaitCondition } from './wait.js';
import { renameContainer } from './rename.js';
import { pruneContainers } from './prune.js';
import { listContainers, type ListOptions } from './list.js';
import { ExecService } from './exec.js';
import { pauseContainer, unpauseContainer } from './pause.js';
import { topContainer, type TopResult } from './top.js';
import { sampleStats, type StatsJson } from './stats.js';
import { updateContainer, type ContainerUpdate } from './update.js';
import { exportRootfs, extractArchive, readArchive, statPath, type ExtractOptions, type PathStat } from './archive.js';
import { containerChanges, type Change } from './changes.js';
import type { Readable, Writable } from 'node:stream';
import { attachStdio, resizeTerminal, type AttachSession, type AttachStdioOptions } from './attach.js';
import { readLogs, followFrom, logSize, type LogEntry, type LogOptions } from './logs.js';

export class ContainerService {
  /** exec create/start/inspect (exec.ts). */
  readonly execs: ExecService;

  constructor(private readonly d: ContainerContext) {
    this.execs = new ExecService(d);
  }

  get(ref: string): ContainerRecord { return this.d.store.get(ref); }
  list(opts: ListOptions): Promise<ContainerRecord[]> { return listContainers(this.d, opts); }
  /** A container from a spec, named `name` (a random name when unset). */
  create(spec: ContainerSpec, name?: string) { return createContainer(this.d, spec, name); }

  async start(ref: string): Promise<void> {
    const c = this.get(ref);
    try {
      // A user's start begins a new count of policy restarts (Docker's RestartCount).
      await this.d.locks.run(c.id, () => { if (c.state.status !== 'running') c.restartCount = 0; return startContainer(this.d, c); });
    } catch (err) {
      // As Docker: a `--rm` container that could not start is removed too.
      if (c.hostConfig.AutoRemove && err instanceof QuaiError && err.kind !== 'not-modified') {
        await removeContainer(this.d, c.id, { force: true }).catch(() => {});
      }
      throw err;
    }
  }

  stop(ref: string, opts: { timeout?: number; signal?: string }): Promise<void> {
    return stopContainer(this.d, this.get(ref), opts);
  }

  restart(ref: string, opts: { timeout?: number; signal?: string }): Promise<void> {
    return restartContainer(this.d, this.get(ref), opts);
  }

  kill(ref: string, signal?: string): Promise<void> { return killContainer(this.d, this.get(ref), signal); }
  remove(ref: string, opts: { force?: boolean; volumes?: boolean }): Promise<void> { return removeContainer(this.d, ref, opts); }
  /** `rm --link /parent/alias`: drop a legacy link (links.ts). */
  removeLink(name: string): Promise<void> { return removeLink(this.d, name); }
  /** inspect's HostConfig.Links (`/web:/app/db`), null without links. */
  links(c: ContainerRecord): string[] | null { return linkList(this.d, c); }
  /** The names a container has through others' links (`/app/db`), for `ps`. */
  linkNames(c: ContainerRecord): string[] { return linkNamesOf(this.d, c); }
  wait(ref: string, condition: WaitCondition, signal?: AbortSignal): Promise<number> { return waitContainer(this.d, this.get(ref), condition, signal); }
  rename(ref: string, newName: string): Promise<void> { return renameContainer(this.d, this.get(ref), newName); }
  connect(ref: string, network: string, cfg: EndpointRequest): Promise<void> { return connectContainer(this.d, this.get(ref), network, cfg); }
  disconnect(ref: string, network: string): Promise<void> { return disconnectContainer(this.d, this.get(ref), network); }
  prune(filters: Map<string, string[]>) { return pruneContainers(this.d, filters); }

  logs(ref: string, opts: LogOptions, signal?: AbortSignal): AsyncGenerator<LogEntry> {
    return readLogs(this.d, this.get(ref), opts, signal);
  }

  /**
   * Output written from now until the container's next exit: what an
   * attached client sees. Call before start so nothing is missed.
   */
  async attachOutput(ref: string, streams: { stdout: boolean; stderr: boolean }, signal?: AbortSignal): Promise<AsyncGenerator<LogEntry>> {
    const c = this.get(ref);
    const offset = await logSize(this.d, c);
    const wanted = (e: LogEntry) => (e.stream === 'stdout' ? streams.stdout : streams.stderr);
    return followFrom(this.d, c, offset, wanted, this.d.exits.nextExit(c.id, signal), signal);
  }

  /** Live stdio through conmon, stdin included (attach.ts); connects at the next start when not running. */
  attachStdio(ref: string, o: AttachStdioOptions): AttachSession { return attachStdio(this.d, this.get(ref), o); }
  /** Resize the container's terminal (a no-op without TTY). */
  resize(ref: string, height: number, width: number): Promise<void> { return resizeTerminal(this.d, this.get(ref), height, width); }

  pause(ref: string): Promise<void> { return pauseContainer(this.d, this.get(ref)); }
  unpause(ref: string): Promise<void> { return unpauseContainer(this.d, this.get(ref)); }
  top(ref: string, psArgs?: string): Promise<TopResult> { return topContainer(this.d, this.get(ref), psArgs); }
  /** One stats sample; pass the previous one so the client can compute CPU %. */
  stats(ref: string, previous?: StatsJson): Promise<StatsJson> { return sampleStats(this.d, this.get(ref), previous); }
  update(ref: string, update: ContainerUpdate): Promise<string[]> { return updateContainer(this.d, this.get(ref), update); }

  statPath(ref: string, path: string): Promise<PathStat> { return statPath(this.d, this.get(ref), path); }
  readArchive(ref: string, path: string, open: (stat: PathStat) => Writable): Promise<void> { return readArchive(this.d, this.get(ref), path, open); }
  extractArchive(ref: string, path: string, input: Readable, o: ExtractOptions): Promise<void> { return extractArchive(this.d, this.get(ref), path, input, o); }
  export(ref: string, sink: Writable): Promise<void> { return exportRootfs(this.d, this.get(ref), sink); }
  changes(ref: string): Promise<Change[]> { return containerChanges(this.d, this.get(ref)); }

  /** Bytes in the container's writable layer (`ps -s`). */
  async sizeRw(ref: string): Promise<number> {
    return (await this.d.snapshotter.usage(this.get(ref).id).catch(() => ({ bytes: 0 }))).bytes;
  }
}
