/**
 * Docker's create body (`POST /containers/create`: Config, HostConfig and
 * NetworkingConfig in one object) into the engine's ContainerSpec:
 * Docker's defaults and quirks (`Cmd` as a string, `--entrypoint ""`,
 * `default` for `bridge`), its checks of resources, restart policies and
 * isolation options with its words, and the mounts parsed into one list.
 * What needs the image, the volumes or other containers is the engine's.
 */
import { InvalidArgumentError, type ContainerCreateBody, type HostConfig } from '@quai/common';
import { envKey, normalizeCapability, type ContainerSpec } from '@quai/engine';
import { endpointRequests } from './endpoint-settings.js';
import type { EndpointSettings } from '../schemas/networking.js';
import { checkIsolationOptions } from './isolation.js';
import { mountRequests, volumesFrom } from './mounts.js';
import { MIN_MEMORY } from '../schemas/docker-checks.js';

export function containerSpec(body: ContainerCreateBody, opts: { platform?: string } = {}): ContainerSpec {
  if (!body.Image) throw new InvalidArgumentError('Config cannot be empty in order to create a container');
  const hostConfig = checkHostConfig(body.HostConfig ?? {}, body);
  const { HostConfig: _hc, NetworkingConfig: networking, ...dockerConfig } = body;
  const entrypoint = toList(body.Entrypoint);
  return {
    image: body.Image,
    ...(opts.platform ? { platform: opts.platform } : {}),
    // Entrypoint [] is no entrypoint, with the image's Cmd still the default; [""] (`--entrypoint ""`) drops both.
    entrypoint: entrypoint === undefined || entrypoint === null ? 'image' : entrypoint.length === 0 ? 'none' : entrypoint.length === 1 && entrypoint[0] === '' ? [] : entrypoint,
    cmd: toList(body.Cmd) ?? undefined,
    env: checkEnv(body.Env ?? []),
    labels: body.Labels ?? {},
    hostname: body.Hostname || undefined,
    domainname: body.Domainname ?? '',
    user: body.User || undefined,
    workingDir: body.WorkingDir || undefined,
    stopSignal: body.StopSignal || undefined,
    attach: { stdin: !!body.AttachStdin, stdout: body.AttachStdout ?? true, stderr: body.AttachStderr ?? true },
    tty: !!body.Tty,
    openStdin: !!body.OpenStdin,
    stdinOnce: !!body.StdinOnce,
    exposedPorts: body.ExposedPorts ? Object.keys(body.ExposedPorts) : undefined,
    volumes: body.Volumes ? Object.keys(body.Volumes) : undefined,
    healthcheck: body.Healthcheck,
    mounts: mountRequests(hostConfig),
    volumesFrom: volumesFrom(hostConfig),
    links: (hostConfig.Links ?? []).map(parseLink),
    endpoints: endpointRequests((networking?.EndpointsConfig ?? {}) as Record<string, EndpointSettings | null>),
    macAddress: body.MacAddress || undefined,
    resources: {
      memory: hostConfig.Memory ?? 0, nanoCpus: hostConfig.NanoCpus ?? 0,
      cpuQuota: hostConfig.CpuQuota ?? 0, cpuPeriod: hostConfig.CpuPeriod ?? 0, pidsLimit: hostConfig.PidsLimit ?? 0,
    },
    hostConfig,
    dockerConfig,
  };
}

function toList(v: string[] | string | null | undefined): string[] | null | undefined {
  return typeof v === 'string' ? [v] : v;
}

/** Docker refuses entries without a name (`=value`). */
function checkEnv(env: string[]): string[] {
  for (const entry of env) if (!envKey(entry)) throw new InvalidArgumentError(`invalid environment variable: ${entry}`);
  return env;
}

/** `name:alias`, `name` (its own alias), or inspect's `/name:/parent/alias`, as Docker's opts.ParseLink. */
export function parseLink(value: string): { name: string; alias: string } {
  if (!value) throw new InvalidArgumentError('empty string specified for links');
  const parts = value.split(':');
  if (parts.length > 2) throw new InvalidArgumentError(`bad format for links: ${value}`);
  if (parts.length === 1) return { name: value, alias: value };
  const [name, alias] = parts as [string, string];
  if (name.startsWith('/')) return { name: name.slice(1), alias: alias.split('/').pop()! };
  return { name, alias };
}

/**
 * Docker's checks on resources, policies and isolation options, with its
 * messages, and the defaults it records. Every option passes here before a
 * namespace's policy looks at the host config.
 */
export function checkHostConfig(hc: HostConfig, config: Pick<ContainerCreateBody, 'Hostname'> = {}): HostConfig {
  const out: HostConfig = { ...hc, ...checkIsolationOptions(hc, config) };
  if (hc.Memory && hc.Memory > 0 && hc.Memory < MIN_MEMORY) throw new InvalidArgumentError('Minimum memory limit allowed is 6MB');
  if (hc.MemorySwap && hc.MemorySwap > 0) {
    if (!hc.Memory) throw new InvalidArgumentError('You should always set the Memory limit when using Memoryswap limit, see usage');
    if (hc.MemorySwap < hc.Memory) throw new InvalidArgumentError('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (hc.NanoCpus && (hc.CpuQuota || hc.CpuPeriod)) {
    throw new InvalidArgumentError('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  }
  if (hc.NanoCpus && hc.NanoCpus < 0) throw new InvalidArgumentError('Range of CPUs is from 0.01 to the number of CPUs available');
  if (hc.CpuShares && hc.CpuShares < 0) throw new InvalidArgumentError('invalid CPU shares');
  const policy = hc.RestartPolicy?.Name ?? '';
  if (!['', 'no', 'always', 'unless-stopped', 'on-failure'].includes(policy)) {
    throw new InvalidArgumentError(`invalid restart policy: unknown policy '${policy}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  if (hc.AutoRemove && policy && policy !== 'no') {
    throw new InvalidArgumentError(`can't create 'AutoRemove' container with restart policy`);
  }
  for (const cap of [...(hc.CapAdd ?? []), ...(hc.CapDrop ?? [])]) normalizeCapability(cap);
  out.LogConfig = hc.LogConfig?.Type ? hc.LogConfig : { Type: 'json-file', Config: hc.LogConfig?.Config ?? {} };
  out.NetworkMode = !hc.NetworkMode || hc.NetworkMode === 'default' ? 'bridge' : hc.NetworkMode;
  out.RestartPolicy = { Name: policy || 'no', MaximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0 };
  return out;
}
