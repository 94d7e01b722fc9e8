/** What every container verb needs: the stores, the runtime, the events. */
import type { EnginePaths } from '../paths.js';
import type { EventBus } from '../events/event-bus.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageService } from '../images/image-service.js';
import type { ContainerStore } from './container-store.js';
import type { ExitMonitor } from './exit-monitor.js';
import type { ContainerRecord } from './container-record.js';
import type { VolumeService } from '../volumes/volume-service.js';
import type { ContainerNetworks } from '../networks/container-network.js';
import type { ComponentVersions } from '../host/component-versions.js';

export interface HostFacts {
  /** Static init binary bind-mounted for `--init` (tini-static / catatonit). */
  initPath: string;
  /** cgroup parent under which each container gets `<parent>/<id>`. */
  cgroupParent: string;
  swapAccounting: boolean;
  /** The unified cgroup v2 hierarchy (else v1, or v1 with a hybrid v2 mount). */
  cgroupV2: boolean;
  /** Capabilities the daemon holds (CapBnd): the most a container can get. */
  capabilities: string[];
  /** Host paths masked in containers besides Docker's fixed list (each CPU's thermal_throttle). */
  maskedPaths: string[];
  /** The runtime, conmon and init binary's own versions. */
  components: ComponentVersions;
}

export interface ContainerContext {
  paths: EnginePaths;
  store: ContainerStore;
  images: ImageService;
  snapshotter: Snapshotter;
  runtime: Runtime;
  events: EventBus;
  exits: ExitMonitor;
  host: HostFacts;
  volumes: VolumeService;
  networks: ContainerNetworks;
  /** Serialises state changes of one container (start vs exit vs remove). */
  locks: KeyedLock;
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
