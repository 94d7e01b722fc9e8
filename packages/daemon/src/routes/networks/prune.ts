/** `POST /networks/prune?filters=` → {NetworksDeleted}. */
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';

export async function prune({ res, query, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, { NetworksDeleted: await engine.networks.prune(parseFilters(query)) });
}
