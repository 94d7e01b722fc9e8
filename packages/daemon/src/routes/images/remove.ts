/** `DELETE /images/{name}?force=&noprune=` → [{Untagged}, {Deleted}]. */
import type { RouteContext } from '../../router.js';
import { queryBool, sendJson } from '../../http-util.js';

export async function remove({ res, params, query, engine }: RouteContext): Promise<void> {
  const items = await engine.images.remove(params.name!, { force: queryBool(query, 'force'), noprune: queryBool(query, 'noprune') });
  sendJson(res, 200, items);
}
