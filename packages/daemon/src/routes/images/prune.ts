/** `POST /images/prune?filters=` → {ImagesDeleted, SpaceReclaimed}. */
import type { ImagePruneResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  const answer: ImagePruneResponse = await engine.images.prune({ filters: parseFilters(query) });
  sendJson(res, 200, answer);
}
