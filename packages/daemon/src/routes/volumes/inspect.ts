/** `GET /volumes/{name}`. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { toVolumeJson } from './shape.js';

export async function inspect({ res, params, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, toVolumeJson(engine, engine.volumes.get(params.name!)));
}
