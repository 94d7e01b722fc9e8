/**
 * Several files (`-f a.yaml -f b.yaml`), and `extends`, merged with the
 * Compose Specification's rules, on files already in long form:
 *
 *   mappings        merged key by key, the later file winning
 *   command, entrypoint, healthcheck.test   replaced whole
 *   volumes, secrets, configs               one entry per target, the later winning
 *   ports, other sequences                  appended, duplicates dropped
 *   scalars         the later file wins
 */
import type { CanonicalFile } from './canonical.js';
import type { Service } from '../model.js';

const REPLACED = new Set(['command', 'entrypoint', 'test']);
const BY_TARGET = new Set(['volumes', 'secrets', 'configs']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function mergeLists(key: string, base: unknown[], over: unknown[]): unknown[] {
  if (BY_TARGET.has(key)) {
    const byTarget = new Map<string, unknown>();
    for (const item of [...base, ...over]) byTarget.set(String((item as { target?: string }).target), item);
    return [...byTarget.values()];
  }
  const seen = new Set<string>();
  return [...base, ...over].filter((item) => {
    const k = JSON.stringify(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function mergeValues(key: string, base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (REPLACED.has(key)) return over;
  if (Array.isArray(base) && Array.isArray(over)) return mergeLists(key, base, over);
  if (isObject(base) && isObject(over)) {
    // logging: another driver means other options
    if (key === 'logging' && base.driver && over.driver && base.driver !== over.driver) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeValues(k, base[k], v) : v;
    return out;
  }
  return over;
}

export function mergeService(base: Service, over: Service): Service {
  return mergeValues('', base, over) as Service;
}

export function mergeFiles(base: CanonicalFile, over: CanonicalFile): CanonicalFile {
  const services = { ...base.services };
  for (const [name, s] of Object.entries(over.services)) services[name] = services[name] ? mergeService(services[name]!, s) : s;
  const section = (k: 'networks' | 'volumes' | 'secrets' | 'configs') =>
    mergeValues(k, base[k], over[k]) as CanonicalFile[typeof k];
  return {
    ...(over.name ?? base.name ? { name: over.name ?? base.name } : {}),
    services,
    networks: section('networks'),
    volumes: section('volumes'),
    secrets: section('secrets'),
    configs: section('configs'),
  };
}
