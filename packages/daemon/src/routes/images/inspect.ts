/** `GET /images/{name}/json`. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { toInspect } from './shape.js';

export async function inspect({ res, params, engine, apiVersion }: RouteContext): Promise<void> {
  const image = await engine.images.get(params.name!);
  sendJson(res, 200, toInspect(image, engine.images.layerDirs(image), apiVersion));
}
