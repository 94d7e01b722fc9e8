/** `GET /containers/{id}/top?ps_args=`: Docker's {Titles, Processes}. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function top({ res, params, query, engine }: RouteContext): Promise<void> {
  sendJson(res, 200, await engine.containers.top(params.id!, query.get('ps_args') || undefined));
}
