/**
 * `up` and `create`: images, then networks and volumes, then containers as
 * the plan says, then (`--wait`) until everything is running and healthy.
 */
import type { Project } from '../model.js';
import { withDependencies } from '../graph.js';
import { planUp } from '../plan/plan.js';
import type { Progress } from '../progress.js';
import { converge, stopAndRemove } from './converge.js';
import type { Engine } from './engine.js';
import { ensureImages, type EnsureOptions } from './images.js';
import { ensureResources } from './resources.js';
import { waitForServices } from './wait.js';

export interface UpOptions extends EnsureOptions {
  services?: string[];
  /** false for `create`. */
  start?: boolean;
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  scale?: Record<string, number>;
  timeout?: number;
  wait?: boolean;
  waitTimeoutMs?: number;
}

/** The services an `up SERVICE...` touches: those named, with their dependencies unless --no-deps. */
export function targetServices(project: Project, named: string[] = [], noDeps = false): string[] {
  for (const n of named) if (!project.services[n]) throw new Error(`no such service: ${n}`);
  if (!named.length) return Object.keys(project.services);
  return noDeps ? named : withDependencies(project, named);
}

export async function up(engine: Engine, project: Project, opts: UpOptions, progress: Progress): Promise<string[]> {
  const services = targetServices(project, opts.services, opts.noDeps);
  const imageIds = await ensureImages(engine, project, services, progress, opts);
  await ensureResources(engine, project, services, progress);
  const observed = await engine.projectContainers(project.name);
  const plan = planUp(project, services, observed, { forceRecreate: opts.forceRecreate, noRecreate: opts.noRecreate, scale: opts.scale, imageIds });
  if (plan.orphans.length) {
    if (opts.removeOrphans) {
      await Promise.all(plan.orphans.map((c) => stopAndRemove(engine, c, progress, opts.timeout)));
    } else {
      const names = plan.orphans.map((c) => (c.Names?.[0] ?? c.Id).replace(/^\//, '')).join(', ');
      progress.note(`WARN[0000] Found orphan containers ([${names}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`);
    }
  }
  await converge(engine, project, plan, { start: opts.start !== false, imageIds, timeout: opts.timeout, noDeps: opts.noDeps }, progress);
  if (opts.wait) await waitForServices(engine, project, services, progress, opts.waitTimeoutMs);
  return services;
}

