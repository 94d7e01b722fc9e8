/** `DELETE /networks/{id}`: refused for predefined networks and while containers run on it. */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';

export async function remove({ res, params, engine }: RouteContext): Promise<void> {
  await engine.networks.remove(params.id!);
  sendNoContent(res);
}
