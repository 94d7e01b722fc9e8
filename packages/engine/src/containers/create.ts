/**
 * Create a container from a spec (container-spec.ts): check it against the
 * namespace's policy and quota, merge it over the image's config (Docker's
 * rules for Entrypoint/Cmd, Env, Labels...), resolve its mounts, links and
 * networks, prepare the writable snapshot and record the container.
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@quai/common';
import type { ImageRecord } from '../images/image-record.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { newState, nowRfc3339Nano, type ContainerRecord } from './container-record.js';
import { randomName } from './names.js';
import { mergeEnv } from './env.js';
import { resolveMountPoints } from '../volumes/mount-points.js';
import { mergeHealthcheck } from './health.js';
import { resolveLinks } from './links.js';
import { formatPlatform, parsePlatform, platformMatches, type Platform } from '../images/platform.js';
import type { ContainerSpec } from './container-spec.js';

/** `name`: the container's name (a random one when unset). */
export async function createContainer(d: ContainerContext, spec: ContainerSpec, name?: string): Promise<{ id: string; warnings: string[] }> {
  // An image of another platform is as good as absent (Docker answers 404 so the CLI pulls).
  const wanted = spec.platform ? parsePlatform(spec.platform) : undefined;
  const id = randomBytes(32).toString('hex');
  // Held from here, before any await: a concurrent create with the same name gets the conflict.
  const bareName = name ? d.store.reserveName(name, id) : reserveRandomName(d, id);
  try {
    return await createReserved(d, spec, id, bareName, wanted);
  } catch (err) {
    d.store.releaseName(bareName, id);
    throw err;
  }
}

async function createReserved(d: ContainerContext, spec: ContainerSpec, id: string, bareName: string, wanted?: Platform): Promise<{ id: string; warnings: string[] }> {
  const { hostConfig } = spec;
  d.policy.checkContainer(spec);
  d.quota.checkResources(spec.resources);
  d.quota.checkCount('containers', d.store.count());
  await d.quota.checkDisk();
  const image = await d.images.get(spec.image);
  if (wanted) checkPlatform(spec.image, image, wanted);
  const config = mergeConfig(spec, image, id);
  const [path = '', ...args] = [...(config.Entrypoint ?? []), ...config.Cmd];
  if (!path) throw new InvalidArgumentError('No command specified');
  const mounts = await resolveMountPoints(d.volumes, {
    mounts: spec.mounts, volumesFrom: spec.volumesFrom, volumes: Object.keys(config.Volumes ?? {}), mountsOf: (ref) => d.store.get(ref).mounts ?? [],
  });
  const links = resolveLinks(d, spec.links, hostConfig.NetworkMode ?? 'bridge');
  const networks = d.networks.endpointsFor(hostConfig.NetworkMode ?? 'bridge', spec.endpoints, spec.macAddress);

  const record: ContainerRecord = {
    id,
    ...(d.namespace !== 'default' ? { namespace: d.namespace } : {}),
    name: bareName,
    created: nowRfc3339Nano(),
    imageId: image.id,
    imageRef: spec.image,
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

/** The effective config: image defaults under what the user set, in Docker's shape (inspect shows it). */
export function mergeConfig(spec: ContainerSpec, image: ImageRecord, id: string): ContainerRecord['config'] {
  const img = image.config.config ?? {};
  const { entrypoint: user } = spec;
  // A user's entrypoint drops the image's Cmd; `none` keeps it as the default.
  const entrypoint = user === 'image' ? (img.Entrypoint ?? null) : user === 'none' || user.length === 0 ? null : user;
  const cmd = Array.isArray(user) ? (spec.cmd ?? []) : spec.cmd?.length ? spec.cmd : (img.Cmd ?? []);
  return {
    ...spec.dockerConfig,
    Hostname: spec.hostname || id.slice(0, 12),
    Domainname: spec.domainname,
    User: spec.user || img.User || '',
    AttachStdin: spec.attach.stdin,
    AttachStdout: spec.attach.stdout,
    AttachStderr: spec.attach.stderr,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    StdinOnce: spec.stdinOnce,
    Env: mergeEnv(img.Env ?? [], spec.env),
    Cmd: cmd,
    Entrypoint: entrypoint,
    Image: spec.image,
    WorkingDir: spec.workingDir || img.WorkingDir || '',
    Labels: { ...(img.Labels ?? {}), ...spec.labels },
    ExposedPorts: mergeSets(img.ExposedPorts, spec.exposedPorts),
    Volumes: mergeSets(img.Volumes, spec.volumes),
    StopSignal: spec.stopSignal || img.StopSignal || undefined,
    Healthcheck: mergeHealthcheck(spec.healthcheck, img.Healthcheck),
    OnBuild: null,
  };
}

function mergeSets(image?: Record<string, object> | null, user?: string[]): Record<string, object> | undefined {
  if (!image && !user) return undefined;
  return { ...(image ?? {}), ...Object.fromEntries((user ?? []).map((key) => [key, {}])) };
}
