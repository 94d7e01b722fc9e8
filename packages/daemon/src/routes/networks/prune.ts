/** `POST /networks/prune?filters=` → {NetworksDeleted}. */
import type { NetworkPruneResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  const answer: NetworkPruneResponse = { NetworksDeleted: await engine.networks.prune(parseFilters(query)) };
  sendJson(res, 200, answer);
}
