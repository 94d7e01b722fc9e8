/**
 * A project's networks and volumes on the engine: created when missing (with
 * compose's labels, so `down` finds them again), external ones only checked,
 * removed by `down` (volumes with -v).
 */
import { ApiError } from '@quai/client';
import type { NetworkConfig, Project, VolumeConfig } from '../model.js';
import { LABELS, projectLabels } from '../names.js';
import type { Progress } from '../progress.js';
import type { Engine } from './engine.js';

/** The networks the given services use. */
export function networksOf(project: Project, services: string[]): string[] {
  const keys = new Set<string>();
  for (const name of services) for (const k of Object.keys(project.services[name]?.networks ?? {})) keys.add(k);
  return [...keys];
}

export function volumesOf(project: Project, services: string[]): string[] {
  const keys = new Set<string>();
  for (const name of services) {
    for (const v of project.services[name]?.volumes ?? []) if (v.type === 'volume' && v.source && project.volumes[v.source]) keys.add(v.source);
  }
  return [...keys];
}

async function ensureNetwork(engine: Engine, project: Project, key: string, n: NetworkConfig, progress: Progress): Promise<void> {
  const existing = await engine.network(n.name);
  if (n.external) {
    if (!existing) throw new Error(`network ${n.name} declared as external, but could not be found`);
    return;
  }
  if (existing) {
    if (existing.Labels?.[LABELS.project] && existing.Labels[LABELS.project] !== project.name) {
      progress.note(`WARN[0000] a network with name ${n.name} exists but was not created for project "${project.name}".\nSet \`external: true\` to use an existing network`);
    }
    return;
  }
  const id = `Network ${n.name}`;
  progress.update(id, 'Creating', 'working');
  const ipam = n.ipam ? {
    Driver: n.ipam.driver ?? 'default',
    Config: (n.ipam.config ?? []).map((c) => ({ Subnet: c.subnet, IPRange: c.ip_range, Gateway: c.gateway })),
    Options: n.ipam.options ?? {},
  } : undefined;
  try {
    await engine.createNetwork({
      Name: n.name, Driver: n.driver ?? 'bridge', Options: n.driver_opts ?? {}, Internal: n.internal ?? false,
      Attachable: n.attachable ?? false, EnableIPv6: n.enable_ipv6, IPAM: ipam, CheckDuplicate: true,
      Labels: { ...(n.labels ?? {}), ...projectLabels(project), [LABELS.network]: key },
    });
  } catch (err) {
    // created at the same moment by another up: fine
    if (!(err instanceof ApiError && err.statusCode === 409)) {
      progress.update(id, 'Error', 'error');
      throw err;
    }
  }
  progress.update(id, 'Created', 'done');
}

async function ensureVolume(engine: Engine, project: Project, key: string, v: VolumeConfig, progress: Progress): Promise<void> {
  const existing = await engine.volume(v.name);
  if (v.external) {
    if (!existing) throw new Error(`external volume "${v.name}" not found`);
    return;
  }
  if (existing) {
    if (existing.Labels?.[LABELS.project] !== project.name) {
      progress.note(`WARN[0000] volume "${v.name}" already exists but was not created by Docker Compose. Use \`external: true\` to use an existing volume`);
    }
    return;
  }
  const id = `Volume ${v.name}`;
  progress.update(id, 'Creating', 'working');
  await engine.createVolume({
    Name: v.name, Driver: v.driver ?? 'local', DriverOpts: v.driver_opts ?? {},
    Labels: { ...(v.labels ?? {}), ...projectLabels(project), [LABELS.volume]: key },
  });
  progress.update(id, 'Created', 'done');
}

export async function ensureResources(engine: Engine, project: Project, services: string[], progress: Progress): Promise<void> {
  await Promise.all([
    ...networksOf(project, services).map((k) => ensureNetwork(engine, project, k, project.networks[k]!, progress)),
    ...volumesOf(project, services).map((k) => ensureVolume(engine, project, k, project.volumes[k]!, progress)),
  ]);
}

/** `down`: the project's own networks (and volumes with -v), found by label and by name. */
export async function removeResources(engine: Engine, project: Project, opts: { volumes: boolean }, progress: Progress): Promise<void> {
  const nets = await engine.networks({ label: [`${LABELS.project}=${project.name}`] });
  const names = new Set(nets.map((n) => n.Name));
  for (const n of Object.values(project.networks)) if (!n.external) names.add(n.name);
  await Promise.all([...names].map(async (name) => {
    const existing = nets.find((n) => n.Name === name) ?? await engine.network(name);
    if (!existing || existing.Labels?.[LABELS.project] !== project.name) return;
    const id = `Network ${name}`;
    progress.update(id, 'Removing', 'working');
    try {
      await engine.removeNetwork(existing.Id);
      progress.update(id, 'Removed', 'done');
    } catch (err) {
      progress.update(id, 'Error', 'error', (err as Error).message);
    }
  }));
  if (!opts.volumes) return;
  const vols = await engine.volumes({ label: [`${LABELS.project}=${project.name}`] });
  await Promise.all(vols.map(async (v) => {
    const id = `Volume ${v.Name}`;
    progress.update(id, 'Removing', 'working');
    try {
      await engine.removeVolume(v.Name);
      progress.update(id, 'Removed', 'done');
    } catch (err) {
      progress.update(id, 'Error', 'error', (err as Error).message);
    }
  }));
}
