/**
 * HostConfig as dockerd serialises it: every field of Go's HostConfig
 * struct that is not `omitempty`, in its order, with Go's zero value when
 * unset (clients index into these without checking), then the
 * `omitempty` ones only when set.
 */
import type { HostConfig } from '@quai/common';

const ALWAYS: Record<string, unknown> = {
  Binds: null, ContainerIDFile: '', LogConfig: { Type: '', Config: {} }, NetworkMode: '', PortBindings: null,
  RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '', VolumesFrom: null,
  ConsoleSize: [0, 0], CapAdd: null, CapDrop: null, CgroupnsMode: '', Dns: null, DnsOptions: null, DnsSearch: null,
  ExtraHosts: null, GroupAdd: null, IpcMode: '', Cgroup: '', Links: null, OomScoreAdj: 0, PidMode: '',
  Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null, UTSMode: '', UsernsMode: '',
  ShmSize: 0, Runtime: '', Isolation: '',
  // Resources
  CpuShares: 0, Memory: 0, NanoCpus: 0, CgroupParent: '', BlkioWeight: 0, BlkioWeightDevice: null,
  BlkioDeviceReadBps: null, BlkioDeviceWriteBps: null, BlkioDeviceReadIOps: null, BlkioDeviceWriteIOps: null,
  CpuPeriod: 0, CpuQuota: 0, CpuRealtimePeriod: 0, CpuRealtimeRuntime: 0, CpusetCpus: '', CpusetMems: '',
  Devices: null, DeviceCgroupRules: null, DeviceRequests: null, MemoryReservation: 0, MemorySwap: 0,
  MemorySwappiness: null, OomKillDisable: false, PidsLimit: null, Ulimits: null, CpuCount: 0, CpuPercent: 0,
  IOMaximumIOps: 0, IOMaximumBandwidth: 0,
  MaskedPaths: null, ReadonlyPaths: null,
};

/** Shown only when set, as Go's `omitempty`. */
const OMIT_EMPTY = ['Annotations', 'StorageOpt', 'Tmpfs', 'Sysctls', 'Mounts', 'Init'];

export function hostConfigJson(hc: HostConfig): Record<string, unknown> {
  const given = hc as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, zero] of Object.entries(ALWAYS)) out[key] = given[key] === undefined ? zero : given[key];
  for (const key of OMIT_EMPTY) if (given[key] !== undefined && given[key] !== null) out[key] = given[key];
  return out;
}
