/**
 * The OCI runtime spec (bundle/config.json) for one container, built from
 * its effective config and host config with Docker's defaults: its
 * capability set, masked and read-only /proc paths, seccomp profile, and
 * new pid/mount/uts/ipc/net namespaces. Pure: no I/O.
 */
import type { ContainerRecord } from '../containers/container-record.js';
import { containerCapabilities } from './capabilities.js';
import { defaultSeccompProfile } from './seccomp.js';
import { InvalidArgumentError } from '@quai/common';

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
  /** Volumes, binds and tmpfs, after the defaults (volumes/oci-mounts.ts). */
  mounts?: Array<{ destination: string; type: string; source: string; options: string[] }>;
  /** The network namespace: a fresh one (default), one the engine made, or the host's. */
  netns?: 'new' | 'host' | { path: string };
}

export const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
export const INIT_PATH_IN_CONTAINER = '/sbin/docker-init';
/** /dev/shm's size when HostConfig.ShmSize is 0 (Docker's default). */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** Devices a container may use (the cgroup allow-list), as Docker's default. */
const ALLOWED_DEVICES = [
  { type: 'c', major: 1, minor: 3 }, { type: 'c', major: 1, minor: 5 }, { type: 'c', major: 1, minor: 7 },
  { type: 'c', major: 1, minor: 8 }, { type: 'c', major: 1, minor: 9 }, { type: 'c', major: 5, minor: 0 },
  { type: 'c', major: 5, minor: 1 }, { type: 'c', major: 5, minor: 2 }, { type: 'c', major: 136 },
  { type: 'c', major: 10, minor: 200 },
];

const RLIMIT_NAMES = new Set(['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']);

export function buildSpec(inputs: SpecInputs): Record<string, unknown> {
  const { container: c, user } = inputs;
  const hc = c.hostConfig;
  const privileged = !!hc.Privileged;
  const caps = containerCapabilities({ privileged, capAdd: hc.CapAdd, capDrop: hc.CapDrop, available: inputs.hostCapabilities });
  const args = [...(c.path ? [c.path] : []), ...c.args];
  const processArgs = hc.Init ? [INIT_PATH_IN_CONTAINER, '--', ...args] : args;

  const mounts: Array<Record<string, unknown>> = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', privileged ? 'rw' : 'ro'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${hc.ShmSize || DEFAULT_SHM_SIZE}`] },
    { destination: '/etc/resolv.conf', type: 'bind', source: inputs.etcFiles.resolvConf, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hostname', type: 'bind', source: inputs.etcFiles.hostname, options: ['rbind', 'rprivate'] },
    { destination: '/etc/hosts', type: 'bind', source: inputs.etcFiles.hosts, options: ['rbind', 'rprivate'] },
  ];
  mounts.push(...(inputs.mounts ?? []));
  if (hc.Init) mounts.push({ destination: INIT_PATH_IN_CONTAINER, type: 'bind', source: inputs.initPath, options: ['rbind', 'ro'] });

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
      noNewPrivileges: (hc.SecurityOpt ?? []).some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o)),
    },
    root: { path: inputs.rootfs, readonly: !!hc.ReadonlyRootfs },
    hostname: c.config.Hostname || c.id.slice(0, 12),
    mounts,
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'uts' }, { type: 'ipc' }, ...netNamespace(inputs.netns)],
      cgroupsPath: inputs.cgroupsPath,
      resources: resources(c, privileged, inputs.swapAccounting),
      sysctl: hc.Sysctls ?? {},
      ...(privileged ? {} : {
        maskedPaths: hc.MaskedPaths ?? MASKED_PATHS,
        readonlyPaths: hc.ReadonlyPaths ?? READONLY_PATHS,
        seccomp: seccompFor(hc.SecurityOpt ?? [], caps),
      }),
    },
  };
  return spec;
}

function netNamespace(netns: SpecInputs['netns']) {
  if (netns === 'host') return [];
  if (netns && netns !== 'new') return [{ type: 'network', path: netns.path }];
  return [{ type: 'network' }];
}

function rlimits(ulimits: Array<{ Name: string; Soft: number; Hard: number }>) {
  return ulimits.map((u) => {
    if (!RLIMIT_NAMES.has(u.Name)) throw new InvalidArgumentError(`invalid ulimit type: ${u.Name}`);
    if (u.Soft > u.Hard) throw new InvalidArgumentError(`ulimit soft limit must be less than or equal to hard limit: ${u.Soft} > ${u.Hard}`);
    return { type: `RLIMIT_${u.Name.toUpperCase()}`, soft: u.Soft, hard: u.Hard };
  });
}

export function resources(c: ContainerRecord, privileged: boolean, swapAccounting: boolean) {
  const hc = c.hostConfig;
  const out: Record<string, unknown> = {
    devices: privileged
      ? [{ allow: true, access: 'rwm' }]
      : [{ allow: false, access: 'rwm' }, ...ALLOWED_DEVICES.map((d) => ({ allow: true, access: 'rwm', ...d }))],
  };
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

function seccompFor(securityOpt: string[], caps: string[]) {
  if (securityOpt.some((o) => /^seccomp[=:]unconfined$/.test(o))) return undefined;
  return defaultSeccompProfile(caps);
}
