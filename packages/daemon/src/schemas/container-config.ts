/**
 * The container configuration bodies, from the Engine API's swagger
 * (definitions ContainerConfig, HostConfig, Resources, Mount, HealthConfig,
 * RestartPolicy...) with the Go types dockerd decodes them into:
 * `POST /containers/create` (container.CreateRequest), `POST
 * /containers/{id}/update` (container.UpdateConfig) and the config of
 * `POST /commit` (container.Config).
 */
import type { ContainerConfigOfImage, ContainerCreateBody, HostConfig } from '@quai/common';
import type { UpdateBody } from '../translate/container-update.js';
import { bool, fileMode, int, int64, list, map, set, strSlice, string, struct, uint16, uint64, type Fields, type GoSchema } from '@quai/common/schema/go-schema';
import {
  annotations, blkioWeight, cgroupnsMode, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems, dnsServers, extraHosts, healthcheck, isolation,
  logConfig, memoryReservation, memorySwappiness, nanoCpus, oomScoreAdj, restartPolicy, securityOpt, shmSize, stopSignal,
} from './docker-checks.js';
import { networkingConfig } from './networking.js';

const strings = () => list(string());
const stringMap = () => map(string());
const duration = (): GoSchema<number> => ({ ...int64(), goType: 'time.Duration' });

const healthConfig = struct('container.HealthConfig', {
  Test: strings(), Interval: duration(), Timeout: duration(), StartPeriod: duration(), StartInterval: duration(), Retries: int(),
}, { check: healthcheck });

/** container.Config: what an image's config and a container's Config hold. */
const configFields: Fields = {
  Hostname: string(), Domainname: string(), User: string(),
  AttachStdin: bool(), AttachStdout: bool(), AttachStderr: bool(),
  ExposedPorts: set('nat.PortSet'),
  Tty: bool(), OpenStdin: bool(), StdinOnce: bool(),
  Env: strings(), Cmd: strSlice(), Healthcheck: healthConfig, ArgsEscaped: bool(),
  Image: string(), Volumes: set(), WorkingDir: string(), Entrypoint: strSlice(),
  NetworkDisabled: bool(), MacAddress: string(), OnBuild: strings(), Labels: stringMap(),
  StopSignal: string(stopSignal), StopTimeout: int(), Shell: strSlice(),
};

const throttleDevice = struct('blkiodev.ThrottleDevice', { Path: string(), Rate: uint64() });

const resourcesFields: Fields = {
  CpuShares: int64(), Memory: int64(), NanoCpus: int64(nanoCpus), CgroupParent: string(),
  BlkioWeight: uint16(blkioWeight),
  BlkioWeightDevice: list(struct('blkiodev.WeightDevice', { Path: string(), Weight: uint16() }), { goType: '[]*blkiodev.WeightDevice' }),
  BlkioDeviceReadBps: list(throttleDevice, { goType: '[]*blkiodev.ThrottleDevice' }),
  BlkioDeviceWriteBps: list(throttleDevice, { goType: '[]*blkiodev.ThrottleDevice' }),
  BlkioDeviceReadIOps: list(throttleDevice, { goType: '[]*blkiodev.ThrottleDevice' }),
  BlkioDeviceWriteIOps: list(throttleDevice, { goType: '[]*blkiodev.ThrottleDevice' }),
  CpuPeriod: int64(cpuPeriod), CpuQuota: int64(cpuQuota), CpuRealtimePeriod: int64(), CpuRealtimeRuntime: int64(),
  CpusetCpus: string(cpusetCpus), CpusetMems: string(cpusetMems),
  Devices: list(struct('container.DeviceMapping', { PathOnHost: string(), PathInContainer: string(), CgroupPermissions: string() })),
  DeviceCgroupRules: strings(),
  DeviceRequests: list(struct('container.DeviceRequest', {
    Driver: string(), Count: int(), DeviceIDs: strings(), Capabilities: list(strings()), Options: stringMap(),
  })),
  KernelMemoryTCP: int64(), MemoryReservation: int64(memoryReservation), MemorySwap: int64(), MemorySwappiness: int64(memorySwappiness),
  OomKillDisable: bool(), PidsLimit: int64(),
  Ulimits: list(struct('units.Ulimit', { Name: string(), Hard: int64(), Soft: int64() }), { goType: '[]*units.Ulimit' }),
  CpuCount: int64(), CpuPercent: int64(), IOMaximumIOps: uint64(), IOMaximumBandwidth: uint64(),
};

const mount = struct('mount.Mount', {
  Type: { ...string(), goType: 'mount.Type' }, Source: string(), Target: string(), ReadOnly: bool(), Consistency: { ...string(), goType: 'mount.Consistency' },
  BindOptions: struct('mount.BindOptions', {
    Propagation: { ...string(), goType: 'mount.Propagation' }, NonRecursive: bool(), CreateMountpoint: bool(),
    ReadOnlyNonRecursive: bool(), ReadOnlyForceRecursive: bool(),
  }),
  VolumeOptions: struct('mount.VolumeOptions', {
    NoCopy: bool(), Labels: stringMap(), Subpath: string(),
    DriverConfig: struct('mount.Driver', { Name: string(), Options: stringMap() }),
  }),
  ImageOptions: struct('mount.ImageOptions', { Subpath: string() }),
  TmpfsOptions: struct('mount.TmpfsOptions', { SizeBytes: int64(), Mode: fileMode(), Options: list(strings()) }),
});

const typed = (goType: string) => ({ ...string(), goType });

const hostConfigFields: Fields = {
  Binds: strings(), ContainerIDFile: string(),
  LogConfig: struct('container.LogConfig', { Type: string(), Config: stringMap() }, { check: logConfig }),
  NetworkMode: typed('container.NetworkMode'),
  PortBindings: map(list(struct('nat.PortBinding', { HostIp: string(), HostPort: string() })), { goType: 'nat.PortMap' }),
  RestartPolicy: struct('container.RestartPolicy', { Name: typed('container.RestartPolicyMode'), MaximumRetryCount: int() }, { check: restartPolicy }),
  AutoRemove: bool(), VolumeDriver: string(), VolumesFrom: strings(),
  ConsoleSize: list({ ...uint64(), goType: 'uint' }, { goType: '[2]uint' }),
  Annotations: map(string(), { check: annotations }),
  CapAdd: strSlice(), CapDrop: strSlice(),
  CgroupnsMode: { ...string(cgroupnsMode), goType: 'container.CgroupnsMode' },
  Dns: list(string(), { check: dnsServers }), DnsOptions: strings(), DnsSearch: strings(),
  ExtraHosts: list(string(), { check: extraHosts }), GroupAdd: strings(),
  IpcMode: typed('container.IpcMode'), Cgroup: typed('container.CgroupSpec'), Links: strings(),
  OomScoreAdj: int(oomScoreAdj), PidMode: typed('container.PidMode'),
  Privileged: bool(), PublishAllPorts: bool(), ReadonlyRootfs: bool(),
  SecurityOpt: list(string(), { check: securityOpt }),
  StorageOpt: stringMap(), Tmpfs: stringMap(),
  UTSMode: typed('container.UTSMode'), UsernsMode: typed('container.UsernsMode'),
  ShmSize: int64(shmSize), Sysctls: stringMap(), Runtime: string(),
  Isolation: { ...string(isolation), goType: 'container.Isolation' },
  Mounts: list(mount), MaskedPaths: strings(), ReadonlyPaths: strings(), Init: bool(),
};

const hostConfig = struct<HostConfig>('container.HostConfig', hostConfigFields, { embedded: { Resources: resourcesFields } });

/** `POST /containers/create`. */
export const createRequest = struct<ContainerCreateBody>('container.CreateRequest', {
  HostConfig: hostConfig,
  NetworkingConfig: networkingConfig,
}, { embedded: { Config: configFields } });

/** `POST /containers/{id}/update`: resources and the restart policy. */
export const updateConfig = struct<UpdateBody>('container.UpdateConfig', {
  RestartPolicy: hostConfigFields.RestartPolicy!,
}, { embedded: { Resources: resourcesFields } });

/** `POST /commit`: config fields that override the container's in the new image. */
export const commitConfig = struct<ContainerConfigOfImage>('container.Config', configFields);
