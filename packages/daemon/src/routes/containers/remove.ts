/** `DELETE /containers/{id}?force=&v=`. */
import type { RouteContext } from '../../router.js';
import { queryBool, sendNoContent } from '../../http-util.js';

export async function remove({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.remove(params.id!, { force: queryBool(query, 'force'), volumes: queryBool(query, 'v') });
  sendNoContent(res);
}
