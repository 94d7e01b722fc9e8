/** `GET /containers/{id}/top?ps_args=`: Docker's {Titles, Processes}. */
import type { TopResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function top({ res, params, query, engine }: RouteContext): Promise<void> {
  const answer: TopResponse = await engine.containers.top(params.id!, query.get('ps_args') || undefined);
  sendJson(res, 200, answer);
}
