/**
 * createEngine(config) wires the engine together: the core every namespace
 * shares (content store, snapshotter, runtime, exits, events, host
 * networking) and one scope per namespace (scope.ts). The Engine itself is
 * the `default` namespace's scope plus `namespaces`. `start()` reconciles
 * recorded state with what is really running (containers outlive the
 * daemon under conmon); `close()` leaves containers running.
 */
import { access, mkdir, readdir, readFile } from 'node:fs/promises';
import { capabilitiesInMask } from './runtime/capabilities.js';
import { basename, join } from 'node:path';
import { detectComponentVersions } from './host/component-versions.js';
import { readOnlyBinary, releaseReadOnlyBinary } from './host/read-only-binary.js';
import { CGROUP_ROOT, isCgroupV2 } from './containers/cgroup.js';
import { EventBus } from './events/event-bus.js';
import { FsContentStore } from './content/content-store.js';
import { Leases } from './content/leases.js';
import { OverlaySnapshotter } from './snapshots/overlay-snapshotter.js';
import { ContainerStore } from './containers/container-store.js';
import { ExitMonitor } from './containers/exit-monitor.js';
import { KeyedLock, type HostFacts } from './containers/context.js';
import { Supervision } from './containers/supervision.js';
import { applyExit } from './containers/exit.js';
import { reconcile } from './containers/reconcile.js';
import { restartOnBoot } from './containers/restart-policy.js';
import { resumeHealth } from './containers/health.js';
import { resumeLogRotation } from './containers/log-rotation.js';
import { ConmonRuntime } from './runtime/conmon-runtime.js';
import type { NetworkOptions } from './networks/network-service.js';
import { HostNetworking } from './networks/host-networking.js';
import { isRunning, namespaceOf } from './containers/container-record.js';
import { NamespaceService } from './namespaces/namespace-service.js';
import { defaultNamespaceRecord } from './namespaces/namespace-record.js';
import { createScope, destroyScope, openScope, wireScope, type EngineCore, type EngineScope, type Scope } from './scope.js';
import { diskReserve } from './store/disk-reserve.js';
import { errorMessage } from '@quai/common';
import { attachSocketDir, DEFAULT_NAMESPACE, exitsDir, runtimeBinaryPath, runtimeStateDir, type EnginePaths } from './paths.js';

export interface EngineConfig extends EnginePaths {
  /** `crun` (default) or `runc`, or a path to either. */
  runtime?: string;
  /** `--registry-mirror`: docker.io references are fetched from these. */
  registryMirrors?: string[];
  /** `--insecure-registry`: hosts or CIDRs reached over plain HTTP (loopback always is). */
  insecureRegistries?: string[];
  /** `--bip`, `--default-address-pool`. */
  network?: NetworkOptions;
  /** What the engine works around rather than fails on (a full disk at start-up): the daemon logs it. */
  warn?: (message: string) => void;
}

/** The default namespace's scope (what the default socket serves), and every namespace. */
export interface Engine extends EngineScope {
  readonly config: Required<EngineConfig>;
  readonly namespaces: NamespaceService;
  start(): Promise<void>;
  close(): Promise<void>;
}

const RUNTIMES: Record<string, string> = { crun: '/usr/bin/crun', runc: '/usr/bin/runc' };
const CONMON_PATH = '/usr/bin/conmon';

export async function createEngine(config: EngineConfig): Promise<Engine> {
  const runtimeName = config.runtime ?? 'crun';
  const runtimePath = RUNTIMES[runtimeName] ?? runtimeName;
  const full: Required<EngineConfig> = { registryMirrors: [], insecureRegistries: [], network: {}, warn: () => {}, ...config, runtime: runtimeName };
  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  await mkdir(config.execRoot, { recursive: true, mode: 0o711 });
  await mkdir(join(config.execRoot, 'conmon'), { recursive: true });
  await mkdir(attachSocketDir(config), { recursive: true });

  const runtimeBinary = runtimeBinaryPath(config, basename(runtimePath));
  const scopes = new Map<string, Scope>();
  const supervision = new Supervision();
  const core = {
    config: full,
    networkOptions: config.network ?? {},
    registry: { mirrors: full.registryMirrors, insecure: full.insecureRegistries },
    content: new FsContentStore(config),
    snapshotter: new OverlaySnapshotter(config),
    runtime: new ConmonRuntime({
      runtimePath: await readOnlyBinary(runtimePath, runtimeBinary),
      runtimeRoot: runtimeStateDir(config),
      conmonPath: CONMON_PATH,
      socketDir: attachSocketDir(config),
      hooks: supervision.attachHooks,
    }),
    bus: new EventBus(),
    store: new ContainerStore(config, full.warn),
    locks: new KeyedLock(),
    supervision,
    host: await detectHost(runtimePath, CONMON_PATH),
    hostNetworking: new HostNetworking(config),
    leases: new Leases(),
    scopes,
  } as Omit<EngineCore, 'exits'> as EngineCore;
  // An exit is applied in the namespace of its container.
  core.exits = new ExitMonitor(exitsDir(config), (id, exit) => {
    const c = core.store.byFullId(id);
    const scope = scopes.get(c ? namespaceOf(c) : DEFAULT_NAMESPACE) ?? scopes.get(DEFAULT_NAMESPACE)!;
    return applyExit(scope.ctx, id, exit);
  }, (id, err) => full.warn(`recording the exit of container ${id}: ${errorMessage(err)}`));
  const namespaces = new NamespaceService({
    paths: config, scopes,
    build: (record) => createScope(core, record),
    destroy: (scope) => destroyScope(core, scope),
    events: core.bus.scoped(DEFAULT_NAMESPACE),
  });
  // The default namespace exists from the start: the engine is its scope (opened by start()).
  const main = wireScope(core, defaultNamespaceRecord());

  return {
    ...main,
    config: full,
    namespaces,
    async start() {
      // Before anything is written: stopping and removing must work if the disk fills up later.
      await diskReserve(config).refill();
      await core.store.load();
      const records = await namespaces.load();
      await openScope(core, main);
      for (const record of records.slice(1)) await createScope(core, record);
      // A container of a namespace whose record is gone (a removal cut short) is finished off with it.
      for (const c of core.store.all()) {
        const ns = namespaceOf(c);
        if (!scopes.has(ns)) await createScope(core, { ...defaultNamespaceRecord(), name: ns, removing: true });
      }
      for (const scope of scopes.values()) {
        await reconcile(scope.ctx, full.warn);
        // Ports, DNS names and addresses of containers that ran on while the daemon was down.
        for (const c of scope.ctx.store.all()) await scope.containerNetworks.restore(c, isRunning(c)).catch(() => {});
      }
      await core.hostNetworking.syncFirewall();
      await core.exits.start();
      for (const scope of scopes.values()) {
        await restartOnBoot(scope.ctx);
        resumeHealth(scope.ctx);
        resumeLogRotation(scope.ctx);
      }
      for (const scope of [...scopes.values()]) if (scope.namespace.removing) await namespaces.remove(scope.namespace.name);
    },
    async close() {
      core.exits.stop();
      supervision.stopAll();
      for (const scope of scopes.values()) await scope.containerNetworks.close();
      await core.hostNetworking.close(core.store.all().some((c) => c.netns));
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
    cgroupV1Hierarchies: cgroupV2 ? [] : await readdir(CGROUP_ROOT).catch(() => []),
    components: await detectComponentVersions({ runtime: runtimePath, conmon: conmonPath, init: initPath }),
  };
}
