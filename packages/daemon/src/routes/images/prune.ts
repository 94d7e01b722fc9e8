/** `POST /images/prune?filters=` → {ImagesDeleted, SpaceReclaimed}. */
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, await engine.images.prune({ filters: parseFilters(query) }));
}
