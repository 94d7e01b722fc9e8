/** `GET /containers/{id}/json?size=`. */
import type { RouteContext } from '../../router.js';
import { queryBool, sendJson } from '../../http-util.js';
import { sizeOf, toInspect } from './shape.js';

export async function inspect({ res, params, query, engine }: RouteContext): Promise<void> {
  const c = engine.containers.get(params.id!);
  sendJson(res, 200, toInspect(engine, c, queryBool(query, 'size') ? await sizeOf(engine, c) : undefined));
}
