/** `GET /containers/json?all=&limit=&size=&filters=`. */
import type { RouteContext } from '../../router.js';
import { parseFilters, queryBool, queryInt, sendJson } from '../../http-util.js';
import { sizeOf, toSummary } from './shape.js';

export async function list({ res, query, engine }: RouteContext): Promise<void> {
  const containers = await engine.containers.list({
    all: queryBool(query, 'all'),
    limit: queryInt(query, 'limit'),
    filters: parseFilters(query),
  });
  const withSize = queryBool(query, 'size');
  const out = [];
  for (const c of containers) out.push(toSummary(c, withSize ? await sizeOf(engine, c) : undefined, engine.containers.linkNames(c)));
  sendJson(res, 200, out);
}
