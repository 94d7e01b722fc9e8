/** `POST /containers/prune?filters=`. */
import type { ContainerPruneResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  const { deleted, spaceReclaimed } = await engine.containers.prune(parseFilters(query));
  const answer: ContainerPruneResponse = { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: spaceReclaimed };
  sendJson(res, 200, answer);
}
