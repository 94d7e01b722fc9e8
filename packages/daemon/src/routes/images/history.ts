/** `GET /images/{name}/history`. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function history({ res, params, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, await engine.images.history(params.name!));
}
