/** Linux capabilities: Docker's default set and `--cap-add/--cap-drop`. */
import { InvalidArgumentError } from '@quai/common';

/** Every capability, in kernel bit order (CAP_CHOWN = 0). */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** What Docker grants a container unless told otherwise. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** `net_admin`, `NET_ADMIN`, `CAP_NET_ADMIN` → `CAP_NET_ADMIN`; `ALL` stays. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const cap = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(cap)) throw new InvalidArgumentError(`invalid CapAdd: unknown capability: "${cap}"`);
  return cap;
}

/** The capabilities in a `CapBnd:` hex mask from /proc/<pid>/status. */
export function capabilitiesInMask(hexMask: string): string[] {
  const mask = BigInt(`0x${hexMask}`);
  return ALL_CAPABILITIES.filter((_cap, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * The capability set for a container, as Docker computes it (adds win over
 * drops). `available` is what the daemon itself holds: "all" means those,
 * since no process can grant more than it has.
 */
export function containerCapabilities(opts: { privileged?: boolean; capAdd?: string[] | null; capDrop?: string[] | null; available?: string[] }): string[] {
  const all = opts.available ?? ALL_CAPABILITIES;
  if (opts.privileged) return [...all];
  const add = (opts.capAdd ?? []).map(normalizeCapability);
  const drop = (opts.capDrop ?? []).map(normalizeCapability);
  let caps = drop.includes('ALL') ? [] : DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  if (add.includes('ALL')) caps = [...all];
  for (const cap of add) if (cap !== 'ALL' && !caps.includes(cap)) caps.push(cap);
  return caps;
}
