/**
 * The configuration hash of a service (label com.docker.compose.config-hash):
 * sha256 over the service in long form, keys sorted, without what does not
 * change a container (build, pull_policy, scale and replicas, depends_on,
 * profiles), as docker compose's ServiceHash leaves them out. `up` recreates
 * a container whose label differs from this.
 */
import { createHash } from 'node:crypto';
import type { Service } from './model.js';

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function serviceHash(service: Service): string {
  const s: Record<string, unknown> = { ...service };
  for (const k of ['build', 'pull_policy', 'scale', 'depends_on', 'profiles']) delete s[k];
  if (service.deploy) {
    const { replicas: _replicas, ...deploy } = service.deploy;
    s.deploy = deploy;
  }
  return createHash('sha256').update(canonicalJson(s)).digest('hex');
}
