/**
 * The project as `compose config` prints it: top-level keys in the spec's
 * order (name, services, networks, volumes, secrets, configs), each service's
 * keys sorted, the loader's bookkeeping left out.
 */
import type { Project } from './model.js';

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sorted(x)]));
  }
  return v;
}

export function canonicalYaml(project: Project, only: string[] = []): Record<string, unknown> {
  const services = Object.fromEntries(Object.entries(project.services)
    .filter(([n]) => !only.length || only.includes(n))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([n, s]) => {
      const { name: _name, ...rest } = s;
      return [n, sorted(rest)];
    }));
  const section = (o: Record<string, unknown>) => (Object.keys(o).length ? sorted(o) : undefined);
  const out: Record<string, unknown> = { name: project.name, services };
  for (const k of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const s = section(project[k]);
    if (s) out[k] = s;
  }
  return out;
}
