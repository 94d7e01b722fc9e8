/**
 * Services in dependency order (depends_on, network_mode service:X,
 * volumes_from): `levels()` gives groups that may start together, each after
 * the ones before; `reverse` for stopping. A cycle is an error naming it.
 */
import type { Project, Service } from './model.js';

export function dependenciesOf(service: Service, project: Project): string[] {
  const deps = new Set(Object.keys(service.depends_on ?? {}));
  if (service.network_mode?.startsWith('service:')) deps.add(service.network_mode.slice(8));
  for (const v of (service.volumes_from as string[] | undefined) ?? []) {
    const name = v.split(':')[0]!;
    if (!name.startsWith('container')) deps.add(name);
  }
  return [...deps].filter((d) => project.services[d]);
}

/** Services grouped by depth: every service comes after all its dependencies. */
export function levels(project: Project, only?: string[]): string[][] {
  const wanted = new Set(only ?? Object.keys(project.services));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`dependency cycle detected: ${[...path, name].join(' -> ')}`);
    visiting.add(name);
    const deps = dependenciesOf(project.services[name]!, project);
    const d = deps.length ? Math.max(...deps.map((x) => visit(x, [...path, name]))) + 1 : 0;
    visiting.delete(name);
    depth.set(name, d);
    return d;
  };
  for (const name of wanted) visit(name, []);
  const out: string[][] = [];
  for (const [name, d] of depth) if (wanted.has(name)) (out[d] ??= []).push(name);
  return out.filter(Boolean).map((l) => l.sort());
}

/** The named services and everything they depend on, transitively. */
export function withDependencies(project: Project, names: string[]): string[] {
  const out = new Set<string>();
  const add = (n: string) => {
    if (out.has(n) || !project.services[n]) return;
    out.add(n);
    for (const d of dependenciesOf(project.services[n]!, project)) add(d);
  };
  names.forEach(add);
  return [...out];
}

/** Services that depend on `name`, directly or not. */
export function dependentsOf(project: Project, name: string): string[] {
  const out = new Set<string>();
  const add = (n: string) => {
    for (const [other, s] of Object.entries(project.services)) {
      if (!out.has(other) && dependenciesOf(s, project).includes(n)) {
        out.add(other);
        add(other);
      }
    }
  };
  add(name);
  return [...out];
}
