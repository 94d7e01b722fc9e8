/** `DELETE /containers/{id}?force=&v=`, and `?link=1` with `{parent}/{alias}`: drop that legacy link only. */
import type { RouteContext } from '../../router.js';
import { queryBool, sendNoContent } from '../../http-util.js';

export async function remove({ res, params, query, engine }: RouteContext): Promise<void> {
  if (queryBool(query, 'link')) {
    await engine.containers.removeLink(params.id!);
    sendNoContent(res);
    return;
  }
  await engine.containers.remove(params.id!, { force: queryBool(query, 'force'), volumes: queryBool(query, 'v') });
  sendNoContent(res);
}
