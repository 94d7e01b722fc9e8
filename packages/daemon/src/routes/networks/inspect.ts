/** `GET /networks/{id}`. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { toNetworkJson } from './shape.js';

export async function inspect({ res, params, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, toNetworkJson(engine, engine.networks.get(params.id!)));
}
