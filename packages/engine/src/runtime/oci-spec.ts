/**
 * The OCI runtime spec (bundle/config.json) for one container, built from
 * its effective config and host config with Docker's defaults: its
 * capability set, masked and read-only paths, seccomp profile, device
 * rules, and new mount/uts/ipc/pid/net namespaces unless told to share the
 * host's or another container's (resolved beforehand: containers/isolation.ts).
 * `--privileged` as Docker: every capability the daemon holds, the host's
 * devices, no seccomp, nothing masked, /sys and the cgroups writable.
 * Pure: no I/O.
 */
import type { ContainerRecord } from '../containers/container-record.js';
import type { LinuxDevice } from '../host/devices.js';
import { containerCapabilities } from './capabilities.js';
import { seccompFor } from './seccomp.js';
import { seccompBpfAnnotation } from './seccomp-bpf.js';
import { InvalidArgumentError } from '@quai/common';

/** A namespace: a new one, the host's (none made), or one to join by path. */
export type NamespaceChoice = 'new' | 'host' | { path: string };

/** A cgroup device rule (OCI LinuxDeviceCgroup); no major/minor = any. */
export interface DeviceRule { allow: boolean; access: string; type?: 'a' | 'c' | 'b'; major?: number; minor?: number }

/** How the container is isolated, once `container:X` and devices are resolved. */
export interface Isolation {
  pid: NamespaceChoice;
  ipc: NamespaceChoice;
  uts: 'new' | 'host';
  /** `--cgroupns private`: the container sees its own cgroup as the root. */
  cgroup: 'new' | 'host';
  /** /dev/shm: the spec's own tmpfs, none (`--ipc none`), or a host directory bound in (shareable, host, container:X). */
  shm: 'private' | 'none' | { source: string };
  /** Nodes the runtime creates in /dev (`--device`, the host's for `--privileged`). */
  devices: LinuxDevice[];
  /** Cgroup rules after Docker's defaults (`--device` permissions, `--device-cgroup-rule`). */
  deviceRules: DeviceRule[];
}

export const PRIVATE_ISOLATION: Isolation = { pid: 'new', ipc: 'new', uts: 'new', cgroup: 'host', shm: 'private', devices: [], deviceRules: [] };

export interface SpecInputs {
  container: ContainerRecord;
  rootfs: string;
  user: { uid: number; gid: number; additionalGids: number[] };
  /** Host files bind-mounted over /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles: { hostname: string; hosts: string; resolvConf: string };
  /** Host path of the init binary for `--init`. */
  initPath: string;
  cgroupsPath: string;
  /** Whether the kernel accounts swap (memory.memsw.* exists). */
  swapAccounting: boolean;
  /** Capabilities the daemon holds: what "all" means for --privileged. */
  hostCapabilities: string[];
  /** Paths masked by default besides Docker's fixed list (the host's thermal_throttle dirs). */
  hostMaskedPaths?: string[];
  /** Volumes, binds and tmpfs, after the defaults (volumes/oci-mounts.ts). */
  mounts?: Array<{ destination: string; type: string; source: string; options: string[] }>;
  /** The network namespace: a fresh one (default), one the engine made, or the host's. */
  netns?: NamespaceChoice;
  /** The host's cgroup v1 hierarchies (`memory`, `cpu`...; none on v2): the runtime's /sys/fs/cgroup is a tmpfs to close. */
  cgroupV1Hierarchies?: string[];
  isolation?: Isolation;
}

export const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
export const INIT_PATH_IN_CONTAINER = '/sbin/docker-init';
/** /dev/shm's size when HostConfig.ShmSize is 0 (Docker's default). */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/**
 * The cgroup device rules Docker starts from: nothing but null, zero,
 * urandom, random, tty and console (the runtime adds full, ptmx and the
 * ptys), and never fuse.
 */
const DEFAULT_DEVICE_RULES: DeviceRule[] = [
  { allow: false, access: 'rwm' },
  ...[[1, 5], [1, 3], [1, 9], [1, 8], [5, 0], [5, 1]].map(([major, minor]) => ({ allow: true, type: 'c' as const, major, minor, access: 'rwm' })),
  { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
];

const RLIMIT_NAMES = new Set(['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']);

export function buildSpec(inputs: SpecInputs): Record<string, unknown> {
  const { container: c, user } = inputs;
  const hc = c.hostConfig;
  const iso = inputs.isolation ?? PRIVATE_ISOLATION;
  const privileged = !!hc.Privileged;
  const securityOpt = hc.SecurityOpt ?? [];
  const caps = containerCapabilities({ privileged, capAdd: hc.CapAdd, capDrop: hc.CapDrop, available: inputs.hostCapabilities });
  const args = [...(c.path ? [c.path] : []), ...c.args];
  // As Docker: an init only where it would be PID 1 (its own pid namespace).
  const withInit = !!hc.Init && iso.pid === 'new';
  const processArgs = withInit ? [INIT_PATH_IN_CONTAINER, '--', ...args] : args;
  const writableCgroups = securityFlag(securityOpt, 'writable-cgroups') ?? privileged;

  const mounts: Array<Record<string, unknown>> = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', writableCgroups ? 'rw' : 'ro'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    ...shmMount(iso.shm, hc.ShmSize),
    { destination: '/etc/resolv.conf', type: 'bind', source: inputs.etcFiles.resolvConf, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hostname', type: 'bind', source: inputs.etcFiles.hostname, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hosts', type: 'bind', source: inputs.etcFiles.hosts, options: ['rbind', 'rprivate'] },
  ];
  mounts.push(...(inputs.mounts ?? []));
  if (withInit) mounts.push({ destination: INIT_PATH_IN_CONTAINER, type: 'bind', source: inputs.initPath, options: ['rbind', 'ro'] });

  const seccomp = privileged ? undefined : seccompFor(securityOpt, { capabilities: caps });
  const spec: Record<string, unknown> = {
    ociVersion: '1.0.2',
    process: {
      terminal: !!c.config.Tty,
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: processArgs,
      env: c.config.Env,
      cwd: c.config.WorkingDir || '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: rlimits(hc.Ulimits ?? []),
      noNewPrivileges: securityFlag(securityOpt, 'no-new-privileges') ?? false,
    },
    root: { path: inputs.rootfs, readonly: !!hc.ReadonlyRootfs },
    // Without its own UTS namespace a hostname would rename the host.
    ...(iso.uts === 'new' ? { hostname: c.config.Hostname || c.id.slice(0, 12) } : {}),
    mounts,
    linux: {
      namespaces: [
        ...namespace('pid', iso.pid), { type: 'mount' }, ...namespace('uts', iso.uts), ...namespace('ipc', iso.ipc),
        ...namespace('network', inputs.netns ?? 'new'), ...namespace('cgroup', iso.cgroup),
      ],
      cgroupsPath: inputs.cgroupsPath,
      resources: { devices: deviceRules(privileged, iso.deviceRules), ...resources(c, inputs.swapAccounting) },
      ...(iso.devices.length ? { devices: iso.devices } : {}),
      sysctl: hc.Sysctls ?? {},
      ...(privileged ? {} : {
        maskedPaths: hc.MaskedPaths ?? [...MASKED_PATHS, ...(inputs.hostMaskedPaths ?? [])],
        readonlyPaths: [
          ...(hc.ReadonlyPaths ?? READONLY_PATHS),
          ...(inputs.cgroupV1Hierarchies?.length && !writableCgroups ? readOnlyCgroupV1(inputs.cgroupV1Hierarchies) : []),
        ],
      }),
      ...(seccomp ? { seccomp } : {}),
    },
    annotations: seccompBpfAnnotation(seccomp),
  };
  return spec;
}

/**
 * On cgroup v1 crun mounts /sys/fs/cgroup as a writable tmpfs holding the
 * hierarchies (runc remounts it read-only, crun does not), and its
 * read-only remounts come after the read-only paths. Listing the tmpfs and
 * then each hierarchy as read-only paths binds each again read-only, in
 * that order, so nothing under /sys/fs/cgroup stays writable, as on v2.
 * Paths the container lacks are skipped by the runtime.
 */
function readOnlyCgroupV1(hierarchies: string[]): string[] {
  return ['/sys/fs/cgroup', ...hierarchies.map((h) => `/sys/fs/cgroup/${h}`)];
}

function namespace(type: string, choice: NamespaceChoice): Array<{ type: string; path?: string }> {
  if (choice === 'host') return [];
  if (choice === 'new') return [{ type }];
  return [{ type, path: choice.path }];
}

function shmMount(shm: Isolation['shm'], size: number | undefined): Array<Record<string, unknown>> {
  if (shm === 'none') return [];
  if (shm === 'private') {
    return [{ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${size || DEFAULT_SHM_SIZE}`] }];
  }
  return [{ destination: '/dev/shm', type: 'bind', source: shm.source, options: ['rbind', 'rprivate'] }];
}

function deviceRules(privileged: boolean, extra: DeviceRule[]): DeviceRule[] {
  return privileged ? [{ allow: true, access: 'rwm' }] : [...DEFAULT_DEVICE_RULES, ...extra];
}

/** `--security-opt name`, `name=true`, `name:false`...: the flag's value, undefined when not given. */
function securityFlag(securityOpt: string[], name: string): boolean | undefined {
  let value: boolean | undefined;
  for (const opt of securityOpt) {
    if (opt === name) value = true;
    else if (opt.startsWith(`${name}=`) || opt.startsWith(`${name}:`)) value = /^(1|t|true)$/i.test(opt.slice(name.length + 1));
  }
  return value;
}

function rlimits(ulimits: Array<{ Name: string; Soft: number; Hard: number }>) {
  return ulimits.map((u) => {
    if (!RLIMIT_NAMES.has(u.Name)) throw new InvalidArgumentError(`invalid ulimit type: ${u.Name}`);
    if (u.Soft > u.Hard) throw new InvalidArgumentError(`ulimit soft limit must be less than or equal to hard limit: ${u.Soft} > ${u.Hard}`);
    return { type: `RLIMIT_${u.Name.toUpperCase()}`, soft: u.Soft, hard: u.Hard };
  });
}

/** Memory, CPU and pids limits (also what `docker update` changes live). */
export function resources(c: ContainerRecord, swapAccounting: boolean) {
  const hc = c.hostConfig;
  const out: Record<string, unknown> = {};
  const memory: Record<string, number> = {};
  if (hc.Memory) {
    memory.limit = hc.Memory;
    // Docker: unset swap means as much swap as memory; -1 means unlimited.
    if (swapAccounting) {
      const swap = hc.MemorySwap ?? 0;
      if (swap > 0) memory.swap = swap;
      else if (swap === 0) memory.swap = hc.Memory * 2;
      else memory.swap = -1;
    }
  }
  if (hc.MemoryReservation) memory.reservation = hc.MemoryReservation;
  if (Object.keys(memory).length) out.memory = memory;
  const cpu: Record<string, number | string> = {};
  if (hc.CpuShares) cpu.shares = hc.CpuShares;
  if (hc.NanoCpus) {
    cpu.period = 100_000;
    cpu.quota = Math.round((hc.NanoCpus * 100_000) / 1e9);
  } else {
    if (hc.CpuPeriod) cpu.period = hc.CpuPeriod;
    if (hc.CpuQuota) cpu.quota = hc.CpuQuota;
  }
  if (hc.CpusetCpus) cpu.cpus = hc.CpusetCpus;
  if (hc.CpusetMems) cpu.mems = hc.CpusetMems;
  if (Object.keys(cpu).length) out.cpu = cpu;
  if (hc.PidsLimit && hc.PidsLimit > 0) out.pids = { limit: hc.PidsLimit };
  return out;
}
