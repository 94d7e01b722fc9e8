/**
 * `--pid`, `--ipc`, `--uts`, `--device` and `--device-cgroup-rule` of a
 * create body: Docker's checks (verifyPlatformContainerSettings,
 * validateNetMode) with its words, and the defaults it records. The engine
 * resolves them at start (engine/src/containers/isolation.ts).
 */
import { InvalidArgumentError, type ContainerConfig, type DeviceMapping, type HostConfig } from '@quai/common';
import { parseDeviceRule } from '@quai/engine';

const containerRef = (mode: string) => (mode.startsWith('container:') ? mode.slice('container:'.length) : undefined);

export function checkIsolationOptions(hc: HostConfig, config: Pick<ContainerConfig, 'Hostname'>): Pick<HostConfig, 'IpcMode' | 'PidMode' | 'UTSMode' | 'Devices'> {
  const ipc = hc.IpcMode || 'private';
  if (!['private', 'shareable', 'none', 'host'].includes(ipc) && !containerRef(ipc)) throw new InvalidArgumentError(`invalid IPC mode: ${ipc}`);
  const pid = hc.PidMode ?? '';
  if (pid !== '' && pid !== 'host' && !containerRef(pid)) throw new InvalidArgumentError(`invalid PID mode: ${pid}`);
  const uts = hc.UTSMode ?? '';
  if (uts !== '' && uts !== 'host') throw new InvalidArgumentError(`invalid UTS mode: ${uts}`);
  if (uts === 'host' && config.Hostname) throw new InvalidArgumentError('conflicting options: hostname and the UTS mode');
  for (const rule of hc.DeviceCgroupRules ?? []) parseDeviceRule(rule);
  const devices = (hc.Devices ?? []).map(checkDevice);
  return { IpcMode: ipc, PidMode: pid, UTSMode: uts, Devices: devices };
}

function checkDevice(d: DeviceMapping): DeviceMapping {
  const pathOnHost = d.PathOnHost ?? '';
  const pathInContainer = d.PathInContainer || pathOnHost;
  const permissions = d.CgroupPermissions || 'rwm';
  if (!pathOnHost.startsWith('/')) throw new InvalidArgumentError(`invalid device path: "${pathOnHost}" is not an absolute path`);
  if (!pathInContainer.startsWith('/')) throw new InvalidArgumentError(`bad format for path: ${pathInContainer}`);
  if (!/^[rwm]{1,3}$/.test(permissions)) throw new InvalidArgumentError(`invalid device mode: ${permissions}`);
  return { PathOnHost: pathOnHost, PathInContainer: pathInContainer, CgroupPermissions: permissions };
}
