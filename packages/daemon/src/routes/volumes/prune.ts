/** `POST /volumes/prune?filters=` → {VolumesDeleted, SpaceReclaimed}; anonymous only unless all=true (API 1.42). */
import type { VolumePruneResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine, apiVersion }: RouteContext): Promise<void> {
  const filters = parseFilters(query);
  // Before API 1.42, prune removed named volumes too.
  if (versionBelow(apiVersion, 1, 42) && !filters.has('all')) filters.set('all', ['true']);
  const r = await engine.volumes.prune(filters);
  const answer: VolumePruneResponse = { VolumesDeleted: r.deleted, SpaceReclaimed: r.spaceReclaimed };
  sendJson(res, 200, answer);
}

function versionBelow(v: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a < major || (a === major && b < minor);
}
