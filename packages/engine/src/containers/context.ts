/** What every container verb needs: the stores, the runtime, the events. */
import type { EnginePaths } from '../paths.js';
import type { Events } from '../events/event-bus.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageService } from '../images/image-service.js';
import type { NamespaceContainers } from './container-store.js';
import type { Policy } from '../namespaces/policy.js';
import type { QuotaGuard } from '../namespaces/quota.js';
import type { Supervision } from './supervision.js';
import type { ExitMonitor } from './exit-monitor.js';
import type { ContainerRecord } from './container-record.js';
import type { VolumeService } from '../volumes/volume-service.js';
import type { ContainerNetworks } from '../networks/container-network.js';
import type { ComponentVersions } from '../host/component-versions.js';

export interface HostFacts {
  /** Static init binary bind-mounted for `--init` (tini-static / catatonit). */
  initPath: string;
  /** cgroup parent under which each container gets `<parent>/<id>` (the namespace's: /quai/<ns>). */
  cgroupParent: string;
  swapAccounting: boolean;
  /** The unified cgroup v2 hierarchy (else v1, or v1 with a hybrid v2 mount). */
  cgroupV2: boolean;
  /** On v1: the hierarchies under /sys/fs/cgroup (`cpu`, `memory`, `systemd`...). */
  cgroupV1Hierarchies: string[];
  /** Capabilities the daemon holds (CapBnd): the most a container can get. */
  capabilities: string[];
  /** Host paths masked in containers besides Docker's fixed list (each CPU's thermal_throttle). */
  maskedPaths: string[];
  /** The runtime, conmon and init binary's own versions. */
  components: ComponentVersions;
}

/**
 * One namespace's view of the engine: its containers, images, volumes and
 * networks, its events, policy and quota; the runtime, snapshots, exits and
 * locks are shared by all namespaces.
 */
export interface ContainerContext {
  paths: EnginePaths;
  namespace: string;
  store: NamespaceContainers;
  policy: Policy;
  quota: QuotaGuard;
  images: ImageService;
  snapshotter: Snapshotter;
  runtime: Runtime;
  events: Events;
  exits: ExitMonitor;
  host: HostFacts;
  volumes: VolumeService;
  networks: ContainerNetworks;
  /** Serialises state changes of one container (start vs exit vs remove). */
  locks: KeyedLock;
  /** Restart timers, health probes, log rotation, attach hooks: shared by every namespace. */
  supervision: Supervision;
}

/** Docker's event attributes for a container: image, name and its labels. */
export function containerAttributes(c: ContainerRecord, extra: Record<string, string> = {}): Record<string, string> {
  return { ...c.config.Labels, image: c.imageRef, name: c.name, ...extra };
}

/** One promise chain per key: operations on the same container run in order. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key); });
    return next;
  }
}
