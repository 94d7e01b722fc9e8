/**
 * createEngine(config) wires the engine together: content store,
 * snapshotter, images, containers, runtime, events. `start()` reconciles
 * recorded state with what is really running (containers outlive the
 * daemon under conmon); `close()` leaves containers running.
 */
import { access, mkdir, readFile } from 'node:fs/promises';
import { capabilitiesInMask } from './runtime/capabilities.js';
import { basename, join } from 'node:path';
import { detectComponentVersions } from './host/component-versions.js';
import { readOnlyBinary, releaseReadOnlyBinary } from './host/read-only-binary.js';
import { isCgroupV2 } from './containers/cgroup.js';
import { EventBus } from './events/event-bus.js';
import { FsContentStore } from './content/content-store.js';
import { OverlaySnapshotter } from './snapshots/overlay-snapshotter.js';
import { ImageService } from './images/image-service.js';
import { ContainerStore } from './containers/container-store.js';
import { ContainerService } from './containers/container-service.js';
import { ExitMonitor } from './containers/exit-monitor.js';
import { KeyedLock, type ContainerContext, type HostFacts } from './containers/context.js';
import { applyExit } from './containers/exit.js';
import { reconcile } from './containers/reconcile.js';
import { restartOnBoot } from './containers/restart-policy.js';
import { resumeHealth } from './containers/health.js';
import { resumeLogRotation } from './containers/log-rotation.js';
import { ConmonRuntime } from './runtime/conmon-runtime.js';
import { VolumeService } from './volumes/volume-service.js';
import { NetworkService, type NetworkOptions } from './networks/network-service.js';
import { ContainerNetworks } from './networks/container-network.js';
import { isRunning } from './containers/container-record.js';
import { attachSocketDir, exitsDir, runtimeBinaryPath, runtimeStateDir, type EnginePaths } from './paths.js';

export interface EngineConfig extends EnginePaths {
  /** `crun` (default) or `runc`, or a path to either. */
  runtime?: string;
  /** `--registry-mirror`: docker.io references are fetched from these. */
  registryMirrors?: string[];
  /** `--insecure-registry`: hosts or CIDRs reached over plain HTTP (loopback always is). */
  insecureRegistries?: string[];
  /** `--bip`, `--default-address-pool`. */
  network?: NetworkOptions;
}

export interface Engine {
  readonly config: Required<EngineConfig>;
  readonly events: EventBus;
  readonly images: ImageService;
  readonly containers: ContainerService;
  readonly volumes: VolumeService;
  readonly networks: NetworkService;
  readonly containerNetworks: ContainerNetworks;
  readonly host: HostFacts;
  start(): Promise<void>;
  close(): Promise<void>;
}

const RUNTIMES: Record<string, string> = { crun: '/usr/bin/crun', runc: '/usr/bin/runc' };
const CONMON_PATH = '/usr/bin/conmon';

export async function createEngine(config: EngineConfig): Promise<Engine> {
  const runtimeName = config.runtime ?? 'crun';
  const runtimePath = RUNTIMES[runtimeName] ?? runtimeName;
  const full: Required<EngineConfig> = { registryMirrors: [], insecureRegistries: [], network: {}, ...config, runtime: runtimeName };
  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  await mkdir(config.execRoot, { recursive: true, mode: 0o711 });
  await mkdir(join(config.execRoot, 'conmon'), { recursive: true });
  await mkdir(attachSocketDir(config), { recursive: true });

  const events = new EventBus();
  const content = new FsContentStore(config);
  const snapshotter = new OverlaySnapshotter(config);
  const store = new ContainerStore(config);
  const images = new ImageService({ paths: config, content, snapshotter, events, users: store, registry: { mirrors: full.registryMirrors, insecure: full.insecureRegistries } });
  const runtimeBinary = runtimeBinaryPath(config, basename(runtimePath));
  const runtime = new ConmonRuntime({
    runtimePath: await readOnlyBinary(runtimePath, runtimeBinary),
    runtimeRoot: runtimeStateDir(config),
    conmonPath: CONMON_PATH,
    socketDir: attachSocketDir(config),
  });
  const host = await detectHost(runtimePath, CONMON_PATH);
  const locks = new KeyedLock();
  const volumes = new VolumeService({
    paths: config, events,
    users: (name) => store.all().filter((c) => c.mounts?.some((m) => m.name === name)).map((c) => c.id),
  });
  const networks = new NetworkService({ paths: config, events, options: config.network ?? {}, containers: () => store.all() });
  const containerNetworks = new ContainerNetworks(networks, (ref) => store.get(ref));
  const ctx = { paths: config, store, images, snapshotter, runtime, events, host, locks, volumes, networks: containerNetworks } as Omit<ContainerContext, 'exits'> as ContainerContext;
  ctx.exits = new ExitMonitor(exitsDir(config), (id, exit) => applyExit(ctx, id, exit));
  const containers = new ContainerService(ctx);

  return {
    config: full,
    events,
    images,
    containers,
    volumes,
    networks,
    containerNetworks,
    host,
    async start() {
      await store.load();
      await volumes.load();
      await networks.start();
      await reconcile(ctx);
      // Ports, DNS names and addresses of containers that ran on while the daemon was down.
      for (const c of store.all()) await containerNetworks.restore(c, isRunning(c)).catch(() => {});
      await networks.syncFirewall();
      await ctx.exits.start();
      await restartOnBoot(ctx);
      resumeHealth(ctx);
      resumeLogRotation(ctx);
    },
    async close() {
      ctx.exits.stop();
      await containerNetworks.close();
      await networks.close();
      await releaseReadOnlyBinary(runtimeBinary);
    },
  };
}

/**
 * Each CPU's thermal_throttle directory, masked in containers as Docker
 * does (its counters leak what other tenants run: GHSA-6fw5-f8r9-fgfm).
 */
async function thermalThrottlePaths(exists: (p: string) => Promise<boolean>): Promise<string[]> {
  const possible = await readFile('/sys/devices/system/cpu/possible', 'utf8').catch(() => '');
  const cpus = possible.trim().split(',').filter(Boolean).flatMap((range) => {
    const [from = 0, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  const paths = cpus.map((cpu) => `/sys/devices/system/cpu/cpu${cpu}/thermal_throttle`);
  const present = await Promise.all(paths.map(exists));
  return paths.filter((_, i) => present[i]);
}

async function detectHost(runtimePath: string, conmonPath: string): Promise<HostFacts> {
  const exists = (p: string) => access(p).then(() => true, () => false);
  const initPath = (await exists('/usr/bin/tini-static')) ? '/usr/bin/tini-static' : '/usr/bin/catatonit';
  const status = await readFile('/proc/self/status', 'utf8');
  const capBnd = /^CapBnd:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? 'ffffffffff';
  const cgroupV2 = isCgroupV2();
  return {
    initPath,
    capabilities: capabilitiesInMask(capBnd),
    maskedPaths: await thermalThrottlePaths(exists),
    cgroupParent: '/quai',
    // v2 accounts swap by default (memory.swap.max); v1 only with swapaccount=1.
    swapAccounting: cgroupV2 || await exists('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'),
    cgroupV2,
    components: await detectComponentVersions({ runtime: runtimePath, conmon: conmonPath, init: initPath }),
  };
}
