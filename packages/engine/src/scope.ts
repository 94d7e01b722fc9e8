/**
 * A scope: the engine's services bound to one namespace, built once per
 * namespace and handed to whatever serves it (a socket's routes, the
 * builder). Nothing in a scope can see another namespace's containers,
 * tags, volumes, networks, execs or events; what namespaces share (blobs,
 * snapshots, the runtime, exits, locks, the host's firewall) comes from
 * the engine's core.
 *
 *   core (one per engine)                 scope (one per namespace)
 *   content, snapshotter, runtime,   ──►  containers  images  volumes  networks
 *   exits, locks, leases, event bus,      events (filtered at the source)
 *   container store, host networking      policy, quota, cgroup parent /quai/<ns>
 */
import { mkdir, rm } from 'node:fs/promises';
import type { ContentStore } from './content/content-store.js';
import type { Leases } from './content/leases.js';
import type { EventBus, Events } from './events/event-bus.js';
import type { Snapshotter } from './snapshots/snapshotter.js';
import type { Runtime } from './runtime/runtime.js';
import type { ContainerStore } from './containers/container-store.js';
import type { ExitMonitor } from './containers/exit-monitor.js';
import type { ContainerContext, HostFacts, KeyedLock } from './containers/context.js';
import type { Supervision } from './containers/supervision.js';
import { ContainerService } from './containers/container-service.js';
import { ImageService } from './images/image-service.js';
import { ImageIndex } from './images/image-index.js';
import type { SharedContent } from './images/deps.js';
import { VolumeService } from './volumes/volume-service.js';
import { NetworkService, type NetworkOptions } from './networks/network-service.js';
import { ContainerNetworks } from './networks/container-network.js';
import type { HostNetworking } from './networks/host-networking.js';
import type { RegistryOptions } from './registry/endpoint.js';
import { policyFor, type Policy } from './namespaces/policy.js';
import { QuotaGuard } from './namespaces/quota.js';
import { applyCgroupLimits, namespaceCgroupParent, removeCgroupParent } from './namespaces/cgroup-parent.js';
import { closeDisk, diskTaken, namespaceDisk, openDisk, type NamespaceDisk } from './namespaces/disk.js';
import { join } from 'node:path';
import type { NamespaceRecord } from './namespaces/namespace-record.js';
import { namespacePaths, namespaceSocketDir, namespaceSocketPath, type EnginePaths } from './paths.js';

/** What a namespace's clients get: today's engine, for one namespace. */
export interface EngineScope {
  readonly namespace: NamespaceRecord;
  readonly config: EnginePaths & { runtime: string; registryMirrors: string[]; insecureRegistries: string[] };
  /** Host facts as this namespace's containers see them (cgroupParent is the namespace's). */
  readonly host: HostFacts;
  readonly events: Events;
  readonly images: ImageService;
  readonly containers: ContainerService;
  readonly volumes: VolumeService;
  readonly networks: NetworkService;
  readonly containerNetworks: ContainerNetworks;
  readonly policy: Policy;
  readonly quota: QuotaGuard;
  /** The namespace's own data root: its tags, volumes, networks and build cache live under it. */
  readonly dataRoot: string;
  /** Bytes the namespace holds on disk: its unique layers, writable layers and volumes. */
  diskUsage(): Promise<number>;
}

/** What every scope shares. */
export interface EngineCore {
  config: EngineScope['config'];
  networkOptions: NetworkOptions;
  registry: RegistryOptions;
  content: ContentStore;
  snapshotter: Snapshotter;
  runtime: Runtime;
  bus: EventBus;
  store: ContainerStore;
  exits: ExitMonitor;
  locks: KeyedLock;
  supervision: Supervision;
  host: HostFacts;
  hostNetworking: HostNetworking;
  leases: Leases;
  /** Every live scope, by namespace. */
  scopes: Map<string, Scope>;
}

/** A scope with the context its container verbs run on. */
export interface Scope extends EngineScope {
  readonly ctx: ContainerContext;
  /** The namespace's own file system, when its quota bounds disk (namespaces/disk.ts). */
  readonly disk?: NamespaceDisk;
}

/** The shared snapshotter, with this namespace's writable layers placed on its own disk. */
function placedSnapshotter(base: Snapshotter, dir: string): Snapshotter {
  return {
    exists: (name) => base.exists(name),
    unpack: (name, parent, tar) => base.unpack(name, parent, tar),
    prepare: (key, parent) => base.prepare(key, parent, { placeIn: dir }),
    mounts: (key, parent) => base.mounts(key, parent),
    upperDir: (key) => base.upperDir(key),
    remove: (key) => base.remove(key),
    usage: (key) => base.usage(key),
  };
}

export function sharedContent(core: EngineCore): SharedContent {
  return {
    leases: core.leases,
    async indexes() {
      const list = [...core.scopes.values()].map((s) => s.images.index);
      await Promise.all(list.map((i) => i.ready()));
      return list;
    },
  };
}

/** Wire and open a namespace's scope (see wireScope, openScope). */
export async function createScope(core: EngineCore, record: NamespaceRecord): Promise<Scope> {
  const scope = wireScope(core, record);
  await openScope(core, scope);
  return scope;
}

/** The services of a namespace, wired; nothing read from disk yet. */
export function wireScope(core: EngineCore, record: NamespaceRecord): Scope {
  const ns = record.name;
  const paths = namespacePaths(core.config, ns);
  const events = core.bus.scoped(ns);
  const store = core.store.namespace(ns);
  // The namespace's own API is the one host path its containers may bind (the playground's shell).
  const policy = policyFor(record.policy, { namespace: ns, ownSocket: { file: namespaceSocketPath(core.config, ns), dir: namespaceSocketDir(core.config, ns) } });
  const host: HostFacts = { ...core.host, cgroupParent: namespaceCgroupParent(core.host.cgroupParent, ns) };
  const disk = ns !== 'default' && record.quota.disk ? namespaceDisk(paths.dataRoot) : undefined;
  let scope: Scope | undefined;
  const quota = new QuotaGuard(ns, record.quota, () => diskUsage(core, scope!));
  const images = new ImageService({
    paths: core.config, content: core.content, snapshotter: core.snapshotter, events, users: store,
    registry: core.registry, index: new ImageIndex(paths), shared: sharedContent(core), quota,
  });
  const volumes = new VolumeService({
    paths: disk ? { dataRoot: disk.dir, execRoot: paths.execRoot } : paths, events, policy, quota,
    users: (name) => store.all().filter((c) => c.mounts?.some((m) => m.name === name)).map((c) => c.id),
  });
  const networks = new NetworkService({
    paths, namespace: ns, events, options: core.networkOptions, containers: () => store.all(),
    host: core.hostNetworking, syncAtStart: ns === 'default', quota, outbound: record.outbound !== false,
  });
  const containerNetworks = new ContainerNetworks(networks, (ref) => store.get(ref), record.publishAddress ?? '');
  const ctx: ContainerContext = {
    paths: core.config, namespace: ns, store, policy, quota, images, runtime: core.runtime,
    snapshotter: disk ? placedSnapshotter(core.snapshotter, join(disk.dir, 'active')) : core.snapshotter,
    events, exits: core.exits, host, volumes, networks: containerNetworks, locks: core.locks, supervision: core.supervision,
  };
  scope = {
    namespace: record, config: core.config, host, events, images, containers: new ContainerService(ctx), volumes, networks,
    containerNetworks, policy, quota, dataRoot: paths.dataRoot, ctx, disk,
    diskUsage: () => diskUsage(core, scope!),
  };
  return scope;
}

/** Load the namespace's volumes and networks, write its cgroup limits, and serve it. */
export async function openScope(core: EngineCore, scope: Scope): Promise<void> {
  const ns = scope.namespace.name;
  const { volumes, networks, host, disk } = scope;
  try {
    if (disk) {
      await openDisk(disk, scope.namespace.quota.disk!);
      await mkdir(join(disk.dir, 'active'), { recursive: true });
    }
    await volumes.load();
    await networks.start();
    if (ns !== 'default') await applyCgroupLimits({ parent: host.cgroupParent, cgroupV2: host.cgroupV2, quota: scope.namespace.quota });
  } catch (err) {
    if (ns !== 'default') {
      await networks.destroy().catch(() => {});
      await removeCgroupParent(host.cgroupParent).catch(() => {});
      if (disk) await closeDisk(disk);
    }
    throw err;
  }
  core.scopes.set(ns, scope);
}

/**
 * Everything in the namespace goes: containers (killed), networks (bridges,
 * DNS, firewall rules), volumes (and their mounts), images (layers no other
 * namespace holds), the cgroup parent, the socket dir, the namespace's dir.
 */
export async function destroyScope(core: EngineCore, scope: Scope): Promise<void> {
  const ns = scope.namespace.name;
  for (const c of scope.ctx.store.all()) await scope.containers.remove(c.id, { force: true, volumes: true });
  await scope.networks.destroy();
  for (const name of scope.volumes.names()) await scope.volumes.remove(name, { force: true });
  await scope.images.removeAll();
  core.scopes.delete(ns);
  if (scope.disk) await closeDisk(scope.disk);
  await removeCgroupParent(scope.host.cgroupParent);
  await rm(namespaceSocketDir(core.config, ns), { recursive: true, force: true });
  await rm(scope.dataRoot, { recursive: true, force: true });
  core.bus.forget(ns);
  core.store.dropNamespace(ns);
}

/**
 * A namespace's bytes: layers only it holds, plus its containers' writable
 * layers and its volumes (what its own disk can no longer give, when it has one).
 */
async function diskUsage(core: EngineCore, scope: Scope): Promise<number> {
  const others = new Set<string>();
  for (const s of core.scopes.values()) {
    if (s === scope) continue;
    await s.images.index.ready();
    for (const i of s.images.index.all()) for (const l of i.layers) others.add(l.chainId);
  }
  await scope.images.index.ready();
  const mine = new Map<string, number>();
  for (const i of scope.images.index.all()) for (const l of i.layers) if (!others.has(l.chainId)) mine.set(l.chainId, l.size);
  let bytes = 0;
  for (const n of mine.values()) bytes += n;
  if (scope.disk) return bytes + await diskTaken(scope.disk, scope.namespace.quota.disk!);
  for (const c of scope.ctx.store.all()) bytes += (await core.snapshotter.usage(c.id).catch(() => ({ bytes: 0 }))).bytes;
  for (const name of scope.volumes.names()) bytes += await scope.volumes.size(name).catch(() => 0);
  return bytes;
}
