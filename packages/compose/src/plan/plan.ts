/**
 * What `up` does to each container, decided from the project and what the
 * engine has (no engine calls here, so it is tested on plain data):
 *
 *   no container for number n            → create
 *   config hash or image ID changed, or
 *   --force-recreate, or a dependency
 *   is recreated                          → recreate (unless --no-recreate)
 *   stopped                               → start
 *   running and current                   → keep
 *   number above the wanted scale         → remove
 *   container of a service not in the file → orphan (warned, or removed with --remove-orphans)
 *
 * Services come in levels: every service after the ones it depends on.
 */
import type { ContainerSummary } from '@quai/client';
import { levels, dependenciesOf } from '../graph.js';
import { serviceHash } from '../hash.js';
import type { Project } from '../model.js';
import { LABELS } from '../names.js';

export type ContainerAction =
  | { kind: 'create'; number: number }
  | { kind: 'recreate'; number: number; container: ContainerSummary; reason: string }
  | { kind: 'start'; number: number; container: ContainerSummary }
  | { kind: 'keep'; number: number; container: ContainerSummary }
  | { kind: 'remove'; container: ContainerSummary };

export interface ServicePlan { service: string; actions: ContainerAction[] }

export interface Plan {
  levels: ServicePlan[][];
  orphans: ContainerSummary[];
}

export interface PlanOptions {
  forceRecreate?: boolean;
  noRecreate?: boolean;
  /** --scale SERVICE=N */
  scale?: Record<string, number>;
  /** Image IDs by service; a container made from another image is recreated. */
  imageIds?: Map<string, string>;
}

export function replicas(project: Project, service: string, scale: Record<string, number> = {}): number {
  const s = project.services[service]!;
  return scale[service] ?? s.scale ?? s.deploy?.replicas ?? 1;
}

export function planUp(project: Project, services: string[], observed: ContainerSummary[], opts: PlanOptions = {}): Plan {
  const byService = new Map<string, ContainerSummary[]>();
  const orphans: ContainerSummary[] = [];
  for (const c of observed) {
    if (c.Labels?.[LABELS.oneoff] === 'True') continue;
    const svc = c.Labels?.[LABELS.service] ?? '';
    if (!project.services[svc] && !project.disabledServices[svc]) orphans.push(c);
    else (byService.get(svc) ?? byService.set(svc, []).get(svc)!).push(c);
  }
  const recreated = new Set<string>();
  const out: ServicePlan[][] = [];
  for (const level of levels(project, services)) {
    out.push(level.map((name) => {
      const s = project.services[name]!;
      const hash = serviceHash(s);
      const wanted = replicas(project, name, opts.scale);
      const actions: ContainerAction[] = [];
      const mine = [...(byService.get(name) ?? [])].sort((a, b) => number(a) - number(b));
      const depChanged = dependenciesOf(s, project).find((d) => recreated.has(d));
      const kept = new Set<number>();
      for (const c of mine) {
        const n = number(c);
        if (n < 1 || n > wanted || kept.has(n)) {
          actions.push({ kind: 'remove', container: c });
          continue;
        }
        kept.add(n);
        const reason = opts.noRecreate ? ''
          : opts.forceRecreate ? 'forced'
            : c.Labels?.[LABELS.configHash] !== hash ? 'configuration changed'
              : opts.imageIds?.get(name) && c.Labels?.[LABELS.image] && c.Labels[LABELS.image] !== opts.imageIds.get(name) ? 'image changed'
                : depChanged ? `dependency ${depChanged} recreated` : '';
        if (reason) actions.push({ kind: 'recreate', number: n, container: c, reason });
        else if (c.State !== 'running') actions.push({ kind: 'start', number: n, container: c });
        else actions.push({ kind: 'keep', number: n, container: c });
      }
      for (let n = 1; n <= wanted; n++) if (!kept.has(n)) actions.push({ kind: 'create', number: n });
      if (actions.some((a) => a.kind === 'recreate')) recreated.add(name);
      return { service: name, actions };
    }));
  }
  return { levels: out, orphans };
}

function number(c: ContainerSummary): number {
  return Number(c.Labels?.[LABELS.containerNumber] ?? 0);
}
