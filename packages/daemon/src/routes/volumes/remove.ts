/** `DELETE /volumes/{name}?force=`: 409 while a container uses it. */
import type { RouteContext } from '../../router.js';
import { queryBool, sendNoContent } from '../../http-util.js';

export async function remove({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.volumes.remove(params.name!, { force: queryBool(query, 'force') });
  sendNoContent(res);
}
