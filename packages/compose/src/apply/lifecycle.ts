/**
 * start, stop, restart, kill, pause, unpause, rm on a project's containers,
 * one progress line each; start in dependency order (waiting on conditions),
 * stop in reverse.
 */
import type { ContainerSummary } from '@quai/client';
import { levels } from '../graph.js';
import type { Project } from '../model.js';
import { LABELS } from '../names.js';
import type { Progress } from '../progress.js';
import { stopTimeout } from './converge.js';
import type { Engine } from './engine.js';
import { waitForDependencies } from './wait.js';

const serviceOf = (c: ContainerSummary) => c.Labels?.[LABELS.service] ?? '';
const nameOf = (c: ContainerSummary) => (c.Names?.[0] ?? c.Id).replace(/^\//, '');

async function step(progress: Progress, c: ContainerSummary, words: [string, string], fn: () => Promise<unknown>): Promise<void> {
  const id = `Container ${nameOf(c)}`;
  progress.update(id, words[0], 'working');
  try {
    await fn();
  } catch (err) {
    progress.update(id, 'Error', 'error', (err as Error).message);
    throw err;
  }
  progress.update(id, words[1], 'done');
}

/** Services in dependency order (reverse: dependents first), restricted to `services` when given. */
function ordered(project: Project, services: string[], reverse = false): string[][] {
  const all = levels(project);
  const wanted = services.length ? all.map((l) => l.filter((s) => services.includes(s))) : all;
  return reverse ? wanted.reverse() : wanted;
}

export async function startServices(engine: Engine, project: Project, services: string[], progress: Progress): Promise<void> {
  const containers = await engine.projectContainers(project.name, { oneoff: false, services });
  for (const level of ordered(project, services)) {
    await Promise.all(level.map(async (svc) => {
      const mine = containers.filter((c) => serviceOf(c) === svc && c.State !== 'running');
      if (!mine.length) return;
      await waitForDependencies(engine, project, svc, progress);
      for (const c of mine) await step(progress, c, ['Starting', 'Started'], () => engine.start(c.Id));
    }));
  }
}

export async function stopServices(engine: Engine, project: Project, services: string[], progress: Progress, timeout?: number): Promise<void> {
  const containers = await engine.projectContainers(project.name, { oneoff: false, services });
  for (const level of ordered(project, services, true)) {
    await Promise.all(containers.filter((c) => level.includes(serviceOf(c)) && c.State === 'running')
      .map((c) => step(progress, c, ['Stopping', 'Stopped'], () => engine.stop(c.Id, stopTimeout(project, serviceOf(c), timeout)))));
  }
}

export async function restartServices(engine: Engine, project: Project, services: string[], progress: Progress, timeout?: number): Promise<void> {
  const containers = await engine.projectContainers(project.name, { oneoff: false, services });
  for (const level of ordered(project, services)) {
    await Promise.all(containers.filter((c) => level.includes(serviceOf(c)))
      .map((c) => step(progress, c, ['Restarting', 'Started'], () => engine.restart(c.Id, stopTimeout(project, serviceOf(c), timeout)))));
  }
}

/** kill, pause, unpause: every running (or paused) container of the services at once. */
export async function signalServices(engine: Engine, project: Project, services: string[], progress: Progress, action: 'kill' | 'pause' | 'unpause', signal?: string): Promise<void> {
  const containers = await engine.projectContainers(project.name, { oneoff: false, services });
  const words: Record<typeof action, [string, string]> = { kill: ['Killing', 'Killed'], pause: ['Pausing', 'Paused'], unpause: ['Unpausing', 'Unpaused'] };
  const wanted = containers.filter((c) => (action === 'unpause' ? c.State === 'paused' : c.State === 'running'));
  await Promise.all(wanted.map((c) => step(progress, c, words[action], () =>
    action === 'kill' ? engine.kill(c.Id, signal) : action === 'pause' ? engine.pause(c.Id) : engine.unpause(c.Id))));
}

/** `rm`: stopped containers (with --stop, running ones stopped first). */
export async function removeStopped(engine: Engine, project: Project, services: string[], progress: Progress, opts: { stop?: boolean; volumes?: boolean; list?: (names: string[]) => Promise<boolean> }): Promise<void> {
  let containers = await engine.projectContainers(project.name, { oneoff: false, services });
  if (opts.stop) {
    await stopServices(engine, project, services, progress);
    containers = await engine.projectContainers(project.name, { oneoff: false, services });
  }
  const stopped = containers.filter((c) => c.State !== 'running' && c.State !== 'paused' && c.State !== 'restarting');
  if (!stopped.length) {
    progress.note('No stopped containers');
    return;
  }
  if (opts.list && !(await opts.list(stopped.map(nameOf)))) return;
  await Promise.all(stopped.map((c) => step(progress, c, ['Removing', 'Removed'], () => engine.remove(c.Id, { force: true, volumes: opts.volumes }))));
}
