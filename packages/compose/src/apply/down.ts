/**
 * `down`: the project's containers (one-offs too; orphans with
 * --remove-orphans) stopped in reverse dependency order and removed, then
 * its networks, its volumes with -v, its images with --rmi.
 */
import type { ContainerSummary } from '@quai/client';
import { levels } from '../graph.js';
import type { Project } from '../model.js';
import { LABELS, imageName } from '../names.js';
import type { Progress } from '../progress.js';
import { stopAndRemove, stopTimeout } from './converge.js';
import type { Engine } from './engine.js';
import { removeResources } from './resources.js';

export interface DownOptions {
  volumes?: boolean;
  removeOrphans?: boolean;
  /** --rmi all | local */
  rmi?: string;
  timeout?: number;
}

/** A project known only by name (`down -p NAME` where no file is): its resources are found by label. */
export function projectByName(name: string): Project {
  return { name, workingDir: '', configFiles: [], envFiles: [], environment: {}, services: {}, disabledServices: {}, networks: {}, volumes: {}, secrets: {}, configs: {} };
}

const serviceOf = (c: ContainerSummary) => c.Labels?.[LABELS.service] ?? '';

/** Volumes with an engine-made name (64 hex digits) mounted in the containers. */
function anonymousVolumesOf(containers: ContainerSummary[]): string[] {
  const names = new Set<string>();
  for (const c of containers) {
    for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name && /^[0-9a-f]{64}$/.test(m.Name)) names.add(m.Name);
  }
  return [...names];
}

export async function down(engine: Engine, project: Project, opts: DownOptions, progress: Progress): Promise<void> {
  const containers = await engine.projectContainers(project.name);
  const fileless = !project.configFiles.length;
  const known = (c: ContainerSummary) => fileless || !!project.services[serviceOf(c)] || !!project.disabledServices[serviceOf(c)];
  const orphans = containers.filter((c) => !known(c));
  if (orphans.length && !opts.removeOrphans) {
    const names = orphans.map((c) => (c.Names?.[0] ?? c.Id).replace(/^\//, '')).join(', ');
    progress.note(`WARN[0000] Found orphan containers ([${names}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`);
  }
  // -v: "anonymous volumes attached to containers" go too, also those a recreated container took over by name
  const anonymous = opts.volumes ? anonymousVolumesOf(containers) : [];
  // dependents first
  for (const level of levels(project).reverse()) {
    await Promise.all(containers.filter((c) => level.includes(serviceOf(c)))
      .map((c) => stopAndRemove(engine, c, progress, stopTimeout(project, serviceOf(c), opts.timeout), !!opts.volumes)));
  }
  const rest = containers.filter((c) => !project.services[serviceOf(c)] && (known(c) || opts.removeOrphans));
  await Promise.all(rest.map((c) => stopAndRemove(engine, c, progress, opts.timeout, !!opts.volumes)));
  await Promise.all(anonymous.map((name) => engine.removeVolume(name).catch(() => { /* in use elsewhere, or gone with its container */ })));
  await removeResources(engine, project, { volumes: !!opts.volumes }, progress);
  if (opts.rmi === 'all' || opts.rmi === 'local') {
    for (const s of Object.values(project.services)) {
      if (opts.rmi === 'local' && s.image) continue;
      const ref = imageName(project.name, s);
      const id = `Image ${ref}`;
      if (!(await engine.image(ref))) continue;
      progress.update(id, 'Removing', 'working');
      try {
        await engine.removeImage(ref);
        progress.update(id, 'Removed', 'done');
      } catch (err) {
        progress.update(id, 'Error', 'error', (err as Error).message);
      }
    }
  }
}
