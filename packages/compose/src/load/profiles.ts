/**
 * Profiles: a service with `profiles:` runs only when one of them is active
 * (--profile, COMPOSE_PROFILES; `*` activates all). A service named on the
 * command line runs whatever its profiles, and so do the services it depends on.
 */
import type { Project } from '../model.js';

export function activeProfiles(flags: string[], envValue: string | undefined): Set<string> {
  const fromEnv = (envValue ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return new Set([...flags, ...fromEnv]);
}

export function applyProfiles(project: Project, active: Set<string>, named: string[]): void {
  const all = project.services;
  const enabled = new Set<string>();
  const withDependencies = (name: string) => {
    if (enabled.has(name) || !all[name]) return;
    enabled.add(name);
    for (const dep of Object.keys(all[name]!.depends_on ?? {})) withDependencies(dep);
  };
  for (const [name, s] of Object.entries(all)) {
    const profiles = s.profiles ?? [];
    if (!profiles.length || active.has('*') || profiles.some((p) => active.has(p))) enabled.add(name);
  }
  for (const name of named) {
    enabled.delete(name);
    withDependencies(name);
  }
  project.services = {};
  for (const [name, s] of Object.entries(all)) {
    if (enabled.has(name)) project.services[name] = s;
    else project.disabledServices[name] = s;
  }
}
