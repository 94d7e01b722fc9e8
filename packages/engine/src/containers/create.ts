/**
 * `POST /containers/create`: merge the user's config over the image's
 * (Docker's rules for Entrypoint/Cmd, Env, Labels...), validate the host
 * config, prepare the writable snapshot and record the container.
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, NotFoundError, type ContainerCreateBody, type HostConfig } from '@quai/common';
import type { ImageRecord } from '../images/image-record.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { newState, nowRfc3339Nano, type ContainerRecord } from './container-record.js';
import { randomName } from './names.js';
import { envKey, mergeEnv } from './env.js';
import { normalizeCapability } from '../runtime/capabilities.js';
import { resolveMountPoints } from '../volumes/mount-points.js';
import { mergeHealthcheck } from './health.js';
import type { EndpointSettings } from '../networks/endpoint-config.js';
import { checkIsolationOptions } from './isolation.js';
import { resolveLinks } from './links.js';
import { formatPlatform, parsePlatform, platformMatches, type Platform } from '../images/platform.js';

const MIN_MEMORY = 6 * 1024 * 1024;

export interface CreateOptions {
  name?: string;
  /** `--platform linux/arm64`: the image must be of that platform (Docker answers 404 otherwise). */
  platform?: string;
}

export async function createContainer(d: ContainerContext, body: ContainerCreateBody, opts: CreateOptions = {}): Promise<{ id: string; warnings: string[] }> {
  if (!body.Image) throw new InvalidArgumentError('Config cannot be empty in order to create a container');
  const wanted = opts.platform ? parsePlatform(opts.platform) : undefined;
  const id = randomBytes(32).toString('hex');
  // Held from here, before any await: a concurrent create with the same name gets the conflict.
  const bareName = opts.name ? d.store.reserveName(opts.name, id) : reserveRandomName(d, id);
  try {
    return await createReserved(d, body, id, bareName, wanted);
  } catch (err) {
    d.store.releaseName(bareName, id);
    throw err;
  }
}

async function createReserved(d: ContainerContext, body: ContainerCreateBody, id: string, bareName: string, wanted?: Platform): Promise<{ id: string; warnings: string[] }> {
  const hostConfig = validateHostConfig(body.HostConfig ?? {}, body);
  d.policy.checkContainer(hostConfig);
  d.quota.checkResources(hostConfig);
  d.quota.checkCount('containers', d.store.count());
  await d.quota.checkDisk();
  const image = await d.images.get(body.Image!);
  if (wanted) checkPlatform(body.Image!, image, wanted);
  const config = mergeConfig(body, image, id);
  const [path = '', ...args] = [...(config.Entrypoint ?? []), ...config.Cmd];
  if (!path) throw new InvalidArgumentError('No command specified');
  const mounts = await resolveMountPoints(d.volumes, {
    hostConfig, volumes: Object.keys(config.Volumes ?? {}), mountsOf: (ref) => d.store.get(ref).mounts ?? [],
  });
  const links = resolveLinks(d, hostConfig);
  const networks = d.networks.endpointsFor(hostConfig, body.NetworkingConfig?.EndpointsConfig as Record<string, EndpointSettings | null> | undefined, body.MacAddress || undefined);

  const record: ContainerRecord = {
    id,
    ...(d.namespace !== 'default' ? { namespace: d.namespace } : {}),
    name: bareName,
    created: nowRfc3339Nano(),
    imageId: image.id,
    imageRef: body.Image!,
    snapshotParent: image.topChainId,
    config,
    hostConfig,
    path,
    args,
    state: newState(),
    restartCount: 0,
    runtime: d.runtime.name,
    mounts,
    networks,
    ...(links ? { links } : {}),
  };
  // Snapshot first, record last: a crash in between leaves an orphan upper
  // dir that the next start's load() clears, never a record without rootfs.
  await d.snapshotter.prepare(id, image.topChainId);
  try {
    await d.store.save(record);
  } catch (err) {
    await d.snapshotter.remove(id).catch(() => {});
    throw err;
  }
  d.events.publish('container', 'create', id, containerAttributes(record));
  return { id, warnings: [] };
}

/** Docker's GetImage with a platform: an image of another platform is as good as absent (404, so the CLI pulls). */
function checkPlatform(ref: string, image: ImageRecord, wanted: Platform): void {
  const have = { os: image.config.os, architecture: image.config.architecture, variant: image.config.variant };
  if (platformMatches(wanted, have)) return;
  throw new NotFoundError(`image with reference ${ref} was found but its platform (${formatPlatform(have)}) does not match the specified platform (${formatPlatform(wanted)})`);
}

function reserveRandomName(d: ContainerContext, id: string): string {
  for (;;) {
    const name = randomName();
    if (d.store.isNameFree(name)) return d.store.reserveName(name, id);
  }
}

function toList(v: string[] | string | null | undefined): string[] | null | undefined {
  return typeof v === 'string' ? [v] : v;
}

/** The effective config: image defaults under what the user set. */
export function mergeConfig(body: ContainerCreateBody, image: ImageRecord, id: string): ContainerRecord['config'] {
  const img = image.config.config ?? {};
  const userEntrypoint = toList(body.Entrypoint);
  const userCmd = toList(body.Cmd);
  let entrypoint: string[] | null;
  let cmd: string[];
  if (userEntrypoint && userEntrypoint.length > 0) {
    // `--entrypoint ""` resets the image's entrypoint; any entrypoint drops the image's Cmd.
    entrypoint = userEntrypoint.length === 1 && userEntrypoint[0] === '' ? null : userEntrypoint;
    cmd = userCmd ?? [];
  } else {
    entrypoint = userEntrypoint === undefined || userEntrypoint === null ? (img.Entrypoint ?? null) : null;
    cmd = userCmd && userCmd.length > 0 ? userCmd : (img.Cmd ?? []);
  }
  const { HostConfig: _hc, NetworkingConfig: _nc, ...userConfig } = body;
  return {
    ...userConfig,
    Hostname: body.Hostname || id.slice(0, 12),
    Domainname: body.Domainname ?? '',
    User: body.User || img.User || '',
    AttachStdin: !!body.AttachStdin,
    AttachStdout: body.AttachStdout ?? true,
    AttachStderr: body.AttachStderr ?? true,
    Tty: !!body.Tty,
    OpenStdin: !!body.OpenStdin,
    StdinOnce: !!body.StdinOnce,
    Env: mergeEnv(img.Env ?? [], checkEnv(body.Env ?? [])),
    Cmd: cmd,
    Entrypoint: entrypoint,
    Image: body.Image,
    WorkingDir: body.WorkingDir || img.WorkingDir || '',
    Labels: { ...(img.Labels ?? {}), ...(body.Labels ?? {}) },
    ExposedPorts: mergeSets(img.ExposedPorts, body.ExposedPorts),
    Volumes: mergeSets(img.Volumes, body.Volumes),
    StopSignal: body.StopSignal || img.StopSignal || undefined,
    Healthcheck: mergeHealthcheck(body.Healthcheck, img.Healthcheck),
    OnBuild: null,
  };
}

function mergeSets(a?: Record<string, object> | null, b?: Record<string, object> | null): Record<string, object> | undefined {
  if (!a && !b) return undefined;
  return { ...(a ?? {}), ...(b ?? {}) };
}


/**
 * Docker's checks on resources, policies and isolation options, with its
 * messages, and the defaults it records. Every option passes here before a
 * namespace's policy looks at the host config.
 */
export function validateHostConfig(hc: HostConfig, config: Pick<ContainerCreateBody, 'Hostname'> = {}): HostConfig {
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

/** Docker refuses entries without a name (`=value`). */
function checkEnv(env: string[]): string[] {
  for (const entry of env) if (!envKey(entry)) throw new InvalidArgumentError(`invalid environment variable: ${entry}`);
  return env;
}
