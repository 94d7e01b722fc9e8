/** `POST /containers/prune?filters=`. */
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  const { deleted, spaceReclaimed } = await engine.containers.prune(parseFilters(query));
  sendJson(res, 200, { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: spaceReclaimed });
}
