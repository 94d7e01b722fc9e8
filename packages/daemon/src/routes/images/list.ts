/** `GET /images/json?all=&filters=`. */
import type { RouteContext } from '../../router.js';
import { parseFilters, queryBool, sendJson } from '../../http-util.js';
import { toSummary } from './shape.js';

export async function list({ res, query, engine, apiVersion }: RouteContext): Promise<void> {
  const images = await engine.images.list({ all: queryBool(query, 'all'), filters: parseFilters(query) });
  sendJson(res, 200, images.map((i) => toSummary(i, apiVersion)));
}
