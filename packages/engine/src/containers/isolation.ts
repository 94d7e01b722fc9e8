/**
 * The isolation options of a container, in one place: `--pid`, `--ipc`,
 * `--uts`, `--device`, `--device-cgroup-rule` (and `--privileged`'s host
 * devices). Checked and normalised at create by the daemon's translation
 * (daemon/src/translate/isolation.ts), resolved at start
 * (resolveIsolation: another container's namespaces, the shared /dev/shm,
 * the host's device nodes) into what the OCI spec needs.
 *
 *   --pid  ''|host|container:X           new, the host's, or X's pid namespace
 *   --ipc  private (default)|shareable|none|host|container:X
 *          shareable: /dev/shm is a tmpfs on the host (<container>/mounts/shm)
 *          that `--ipc container:X` containers bind too, as Docker does
 *   --uts  ''|host                        the host's hostname (no hostname set)
 *   --cgroupns host (default)|private     a cgroup namespace rooted at the container's cgroup
 */
import { ConflictError, InvalidArgumentError, type HostConfig } from '@quai/common';
import { containerShmPath } from '../paths.js';
import { devicesFromPath, hostDevices } from '../host/devices.js';
import { mountAll, unmount } from '../host/mount.js';
import { DEFAULT_SHM_SIZE, type DeviceRule, type Isolation, type NamespaceChoice } from '../runtime/oci-spec.js';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { makeDirs } from '../host/make-dirs.js';

const DEVICE_RULE = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

const containerRef = (mode: string | undefined) => (mode?.startsWith('container:') ? mode.slice('container:'.length) : undefined);

/**
 * What the spec needs for this start. What it sets up on the host (a
 * shareable /dev/shm) stays until releaseIsolation at exit or removal.
 */
export async function resolveIsolation(d: ContainerContext, c: ContainerRecord): Promise<Isolation> {
  const hc = c.hostConfig;
  const ipc = await resolveIpc(d, c);
  return {
    pid: hc.PidMode === 'host' ? 'host' : joinNamespace(d, hc.PidMode, 'pid', 'PID') ?? 'new',
    ...ipc,
    uts: hc.UTSMode === 'host' ? 'host' : 'new',
    // As Docker on cgroup v1, the host's unless asked (validated at the API: '', host, private).
    cgroup: hc.CgroupnsMode === 'private' ? 'new' : 'host',
    ...(await resolveDevices(hc)),
  };
}

/** Unmount the shareable /dev/shm (container stop or removal). */
export async function releaseIsolation(d: ContainerContext, c: ContainerRecord): Promise<void> {
  await unmount(containerShmPath(d.paths, c.id));
}

async function resolveIpc(d: ContainerContext, c: ContainerRecord): Promise<Pick<Isolation, 'ipc' | 'shm'>> {
  const mode = c.hostConfig.IpcMode || 'private';
  if (mode === 'host') return { ipc: 'host', shm: { source: '/dev/shm' } };
  if (mode === 'none') return { ipc: 'new', shm: 'none' };
  if (mode === 'shareable') {
    const source = containerShmPath(d.paths, c.id);
    await releaseIsolation(d, c); // a tmpfs left by a run the daemon did not see end
    await makeDirs(source, 0o700);
    const size = c.hostConfig.ShmSize || DEFAULT_SHM_SIZE;
    await mountAll([{ type: 'tmpfs', source: 'shm', options: ['nosuid', 'nodev', 'noexec', 'mode=1777', `size=${size}`] }], source);
    return { ipc: 'new', shm: { source } };
  }
  const ref = containerRef(mode);
  if (!ref) return { ipc: 'new', shm: 'private' };
  const donor = runningDonor(d, ref, 'IPC');
  const donorMode = donor.hostConfig.IpcMode;
  if (donorMode !== 'shareable' && donorMode !== 'host') {
    throw new InvalidArgumentError(`failed to join IPC namespace: container ${ref}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)`);
  }
  return {
    ipc: { path: `/proc/${donor.state.pid}/ns/ipc` },
    shm: { source: donorMode === 'host' ? '/dev/shm' : containerShmPath(d.paths, donor.id) },
  };
}

function joinNamespace(d: ContainerContext, mode: string | undefined, ns: string, what: string): NamespaceChoice | undefined {
  const ref = containerRef(mode);
  if (!ref) return undefined;
  return { path: `/proc/${runningDonor(d, ref, what).state.pid}/ns/${ns}` };
}

/** The container whose namespace is joined: it must exist and run (Docker's getPIDContainer). */
function runningDonor(d: ContainerContext, ref: string, what: string): ContainerRecord {
  const failed = `failed to join ${what} namespace`;
  const donor = d.store.find(ref);
  if (!donor) throw new InvalidArgumentError(`${failed}: No such container: ${ref}`);
  if (donor.state.status === 'restarting') throw new ConflictError(`${failed}: Container ${ref} is restarting, wait until the container is running`);
  if ((donor.state.status !== 'running' && donor.state.status !== 'paused') || !donor.state.pid) {
    throw new ConflictError(`${failed}: container ${ref} is not running`);
  }
  return donor;
}

async function resolveDevices(hc: HostConfig): Promise<Pick<Isolation, 'devices' | 'deviceRules'>> {
  const mappings = hc.Devices ?? [];
  if (hc.Privileged) {
    // The host's /dev, plus any --device placed elsewhere (cgroup rules: all allowed).
    const devices = await hostDevices();
    for (const m of mappings) if (m.PathOnHost !== m.PathInContainer) devices.push(...(await devicesFromPath(m.PathOnHost, m.PathInContainer)));
    return { devices, deviceRules: [] };
  }
  const devices = [];
  const deviceRules: DeviceRule[] = [];
  for (const m of mappings) {
    for (const dev of await devicesFromPath(m.PathOnHost, m.PathInContainer)) {
      devices.push(dev);
      deviceRules.push({ allow: true, type: dev.type, major: dev.major, minor: dev.minor, access: m.CgroupPermissions });
    }
  }
  for (const rule of hc.DeviceCgroupRules ?? []) deviceRules.push(parseDeviceRule(rule));
  return { devices, deviceRules };
}

/** `c 1:3 rwm`, `a *:* m`: `*` is any number (no major/minor in the OCI rule). */
export function parseDeviceRule(rule: string): DeviceRule {
  const m = DEVICE_RULE.exec(rule);
  if (!m) throw new InvalidArgumentError(`invalid device cgroup rule format: '${rule}'`);
  const [, type, major, minor, access] = m as unknown as [string, 'a' | 'c' | 'b', string, string, string];
  return {
    allow: true, type, access,
    ...(major !== '*' ? { major: Number(major) } : {}),
    ...(minor !== '*' ? { minor: Number(minor) } : {}),
  };
}
