/**
 * One container as the engine records it in containers/<id>/container.json.
 *
 * State machine (Docker's statuses):
 *
 *   created ──start──► running ──process exits──► exited ──start──► running
 *      │                  │  ▲                       │
 *      │                  pause/unpause (paused)     │
 *      └──────remove──────┴──(force: kill first)─────┴──► (gone)
 *
 * `running` is written only after the runtime started the process, and the
 * exit is recorded from conmon's exit file, so a daemon killed at any point
 * finds on restart either the old state or an exit file to apply.
 */
import type { ContainerConfig, HostConfig } from '@quai/common';
import type { HealthState } from './health.js';
import type { MountPoint } from '../volumes/volume-record.js';
import type { EndpointRecord, PortMap } from '../networks/endpoint.js';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  error: string;
  oomKilled: boolean;
  /** RFC 3339 with nanoseconds; Docker's zero time when never. */
  startedAt: string;
  finishedAt: string;
  /** Present once a health check ran (health.ts). */
  health?: HealthState;
}

export interface ContainerRecord {
  id: string;
  /** The engine namespace it lives in; absent in records written before namespaces (= `default`). */
  namespace?: string;
  /** Without the leading slash Docker shows. */
  name: string;
  /** RFC 3339 creation time. */
  created: string;
  /** The image id (`sha256:...`) and the reference the user gave. */
  imageId: string;
  imageRef: string;
  /** Chain id of the image's top layer: the parent of this container's snapshot. */
  snapshotParent: string;
  /** The effective config: the user's merged over the image's. */
  config: ContainerConfig & { Env: string[]; Cmd: string[]; Entrypoint: string[] | null; Labels: Record<string, string> };
  hostConfig: HostConfig;
  /** Entrypoint + Cmd split as Docker shows them (Path, Args). */
  path: string;
  args: string[];
  state: ContainerState;
  restartCount: number;
  /** The runtime that runs it (crun or runc). */
  runtime: string;
  /** True once a user stopped it (restart policies skip it; unless-stopped). */
  manuallyStopped?: boolean;
  /** Volumes, binds and tmpfs, resolved at create (volumes/mount-points.ts). */
  mounts?: MountPoint[];
  /** Legacy links on the default bridge: the child's id by alias (links.ts). */
  links?: Record<string, string>;
  /** Networks by name, ports bound and the netns while running (networks/endpoint.ts). */
  networks?: Record<string, EndpointRecord>;
  ports?: PortMap;
  netns?: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function newState(): ContainerState {
  return { status: 'created', pid: 0, exitCode: 0, error: '', oomKilled: false, startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
}

export function namespaceOf(c: ContainerRecord): string {
  return c.namespace ?? 'default';
}

export function isRunning(c: ContainerRecord): boolean {
  return c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting';
}

/** Timestamps with nanoseconds, as Docker prints them. */
export function nowRfc3339Nano(): string {
  const now = new Date();
  const nanos = String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0');
  return now.toISOString().replace(/\.(\d{3})Z$/, `.$1${nanos}Z`);
}
