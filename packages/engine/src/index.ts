export { createEngine, type Engine, type EngineConfig } from './engine.js';
export type { EngineScope } from './scope.js';
export type { NamespaceService, NamespaceSpec, NamespaceUsage } from './namespaces/namespace-service.js';
export { checkNamespaceName, type NamespaceRecord, type PolicyName, type Quota } from './namespaces/namespace-record.js';
export type { EngineEvent, EventType, Events } from './events/event-bus.js';
export type { ContainerRecord, ContainerState, ContainerStatus } from './containers/container-record.js';
export { isRunning, ZERO_TIME } from './containers/container-record.js';
export { healthSuffix, type HealthState } from './containers/health.js';
export { logFiles, logFilesSize } from './containers/log-rotation.js';
export type { LogEntry, LogOptions } from './containers/logs.js';
export { parseWaitCondition } from './containers/wait.js';
export { normalizeSignal } from './containers/stop.js';
export { clientTarError } from './content/tar-error.js';
export type { ImageRecord, LayerRecord } from './images/image-record.js';
export * as paths from './paths.js';
export type { VolumeRecord, MountPoint } from './volumes/volume-record.js';
export type { NetworkRecord } from './networks/network-record.js';
export type { IpamConfig, NetworkCreateOptions } from './networks/network-service.js';
export type { EndpointRecord, PortMap } from './networks/endpoint.js';
export { mountPointJson } from './volumes/oci-mounts.js';
export type { ExecConfig, ExecRecord, ExecRun } from './containers/exec.js';
export type { StatsJson } from './containers/stats.js';
export type { ContainerUpdate, UpdatableResources } from './containers/update.js';
export { defaultSpec, type ContainerSpec, type MountRequest, type Resources } from './containers/container-spec.js';
export type { EndpointRequest } from './networks/endpoint-config.js';
export { parseDeviceRule } from './containers/isolation.js';
export { envKey } from './containers/env.js';
export { normalizeCapability } from './runtime/capabilities.js';
export type { PathStat } from './containers/archive.js';
export { effectiveHostConfig } from './containers/host-config.js';
export { parseInsecureRegistries, type InsecureRegistries } from './registry/insecure-registries.js';
export type { ComponentVersion } from './host/component-versions.js';
// What the daemon and the builder use besides the scopes: registry sign-in and
// search, and the helpers the builder shares (decompression, paths inside a
// root and the tree operations on them, the image's users, atomic JSON
// files). Nothing else of the engine is reachable.
export { login, decodeRegistryAuth, searchRegistry, type LoginRequest } from './registry/login.js';
export { decompressed } from './content/compression.js';
export { cleanPath, openRoot, withRoot, type InRoot } from './host/in-root.js';
export { extractTar } from './archive/extract-tar.js';
export { releaseFreedMemory } from './host/syscalls.js';
export { copyTree, type CopyTreeOptions } from './archive/copy-tree.js';
export { groupsOf, passwdOf } from './containers/user.js';
export { readJson, writeJsonAtomic } from './store/atomic-file.js';
export { diskReserve } from './store/disk-reserve.js';
