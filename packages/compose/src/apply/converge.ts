/**
 * Carry out a plan (plan/plan.ts) level by level: the services of a level in
 * parallel, each one's containers after its dependencies' conditions hold
 * (started, healthy, or exited 0). Progress lines as docker compose's:
 * Creating/Created, Recreate/Recreated, Starting/Started, Running, Waiting/Healthy.
 */
import type { ContainerSummary } from '@quai/client';
import type { Project } from '../model.js';
import { containerName } from '../names.js';
import type { Plan, ServicePlan } from '../plan/plan.js';
import type { Progress } from '../progress.js';
import { containerConfig, type ContainerPlan } from './container-config.js';
import type { Engine } from './engine.js';
import { injectFiles } from './inject.js';
import { waitForDependencies } from './wait.js';
import { parseDuration } from './units.js';

export interface ConvergeOptions {
  /** Start the containers (`up`), or only create them (`create`). */
  start: boolean;
  imageIds: Map<string, string>;
  /** --timeout for stopping containers being replaced; default: the service's stop_grace_period or 10. */
  timeout?: number;
  /** --no-deps: do not wait for dependencies outside the plan. */
  noDeps?: boolean;
}

const shortName = (c: ContainerSummary) => (c.Names?.[0] ?? c.Id).replace(/^\//, '');

export function stopTimeout(project: Project, service: string, override?: number): number | undefined {
  if (override !== undefined) return override;
  const g = project.services[service]?.stop_grace_period;
  return g ? Math.round(parseDuration(g) / 1e9) : undefined;
}

export async function stopAndRemove(engine: Engine, c: ContainerSummary, progress: Progress, timeout?: number, volumes = false): Promise<void> {
  const id = `Container ${shortName(c)}`;
  if (c.State === 'running' || c.State === 'paused' || c.State === 'restarting') {
    progress.update(id, 'Stopping', 'working');
    await engine.stop(c.Id, timeout);
    progress.update(id, 'Stopped', 'done');
  }
  progress.update(id, 'Removing', 'working');
  await engine.remove(c.Id, { force: true, volumes });
  progress.update(id, 'Removed', 'done');
}

/**
 * Engine API 1.44 takes every network at create; an older engine (Docker
 * 20.10 speaks 1.41) takes one, the others are connected before the start.
 */
export async function createWithNetworks(engine: Engine, name: string, body: Record<string, unknown>): Promise<string> {
  const endpoints = (body.NetworkingConfig as { EndpointsConfig?: Record<string, unknown> } | undefined)?.EndpointsConfig ?? {};
  const [major, minor] = engine.client.apiVersion.split('.').map(Number);
  const names = Object.keys(endpoints);
  if ((major! > 1 || minor! >= 44) || names.length < 2) return engine.create(name, body);
  const [first, ...rest] = names;
  const id = await engine.create(name, { ...body, NetworkingConfig: { EndpointsConfig: { [first!]: endpoints[first!] } } });
  for (const net of rest) await engine.client.json('POST', `/networks/${encodeURIComponent(net)}/connect`, { body: { Container: id, EndpointConfig: endpoints[net] } });
  return id;
}

/**
 * The anonymous volumes of a container being replaced: those at a target the
 * service declares without a source, or that come from the image's VOLUME.
 * docker compose hands them to the new container, so their data survives.
 */
async function anonymousVolumes(engine: Engine, project: Project, service: string, old: ContainerSummary): Promise<ContainerPlan['inheritVolumes']> {
  const s = project.services[service]!;
  const declared = new Map((s.volumes ?? []).map((v) => [v.target, v]));
  const mounts = ((await engine.inspect(old.Id)).Mounts ?? []) as { Type?: string; Name?: string; Destination?: string; RW?: boolean }[];
  return mounts
    .filter((m) => m.Type === 'volume' && m.Name && m.Destination && (!declared.has(m.Destination) || (declared.get(m.Destination)!.type === 'volume' && !declared.get(m.Destination)!.source)))
    .map((m) => ({ name: m.Name!, target: m.Destination!, readOnly: m.RW === false }));
}

async function createContainer(engine: Engine, project: Project, service: string, number: number, opts: ConvergeOptions, progress: Progress, event: [string, string], inheritVolumes?: ContainerPlan['inheritVolumes']): Promise<string> {
  const s = project.services[service]!;
  const name = containerName(project.name, s, number);
  const id = `Container ${name}`;
  progress.update(id, event[0], 'working');
  try {
    const cid = await createWithNetworks(engine, name, containerConfig(project, s, { number, name, imageId: opts.imageIds.get(service), inheritVolumes }));
    await injectFiles(engine, project, s, cid);
    progress.update(id, event[1], 'done');
    return cid;
  } catch (err) {
    progress.update(id, 'Error', 'error', (err as Error).message);
    throw err;
  }
}

async function startContainer(engine: Engine, name: string, cid: string, progress: Progress): Promise<void> {
  const id = `Container ${name}`;
  progress.update(id, 'Starting', 'working');
  try {
    await engine.start(cid);
  } catch (err) {
    progress.update(id, 'Error', 'error', (err as Error).message);
    throw err;
  }
  progress.update(id, 'Started', 'done');
}

async function convergeService(engine: Engine, project: Project, sp: ServicePlan, opts: ConvergeOptions, progress: Progress, planned: Set<string>): Promise<void> {
  const s = project.services[sp.service]!;
  const timeout = stopTimeout(project, sp.service, opts.timeout);
  await Promise.all(sp.actions.map((a) => (a.kind === 'remove' ? stopAndRemove(engine, a.container, progress, timeout) : undefined)));
  const toStart: { name: string; id: string }[] = [];
  for (const a of sp.actions) {
    if (a.kind === 'remove') continue;
    const name = containerName(project.name, s, a.number);
    if (a.kind === 'create') {
      toStart.push({ name, id: await createContainer(engine, project, sp.service, a.number, opts, progress, ['Creating', 'Created']) });
    } else if (a.kind === 'recreate') {
      const id = `Container ${shortName(a.container)}`;
      progress.update(id, 'Recreate', 'working');
      const keep = await anonymousVolumes(engine, project, sp.service, a.container);
      if (a.container.State === 'running' || a.container.State === 'paused') await engine.stop(a.container.Id, timeout);
      await engine.remove(a.container.Id, { force: true });
      toStart.push({ name, id: await createContainer(engine, project, sp.service, a.number, opts, progress, ['Recreate', 'Recreated'], keep) });
    } else if (a.kind === 'start') {
      toStart.push({ name, id: a.container.Id });
    } else {
      progress.update(`Container ${name}`, 'Running', 'done');
    }
  }
  if (!opts.start || !toStart.length) return;
  await waitForDependencies(engine, project, sp.service, progress, opts.noDeps ? planned : undefined);
  for (const c of toStart) await startContainer(engine, c.name, c.id, progress);
}

export async function converge(engine: Engine, project: Project, plan: Plan, opts: ConvergeOptions, progress: Progress): Promise<void> {
  const planned = new Set(plan.levels.flat().map((sp) => sp.service));
  for (const level of plan.levels) {
    await Promise.all(level.map((sp) => convergeService(engine, project, sp, opts, progress, planned)));
  }
}
