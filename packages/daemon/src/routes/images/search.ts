/** `GET /images/search?term=&limit=`: the registry's search, as `docker search` shows it. */
import { InvalidArgumentError } from '@quai/common';
import { searchRegistry } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { queryInt, sendJson } from '../../http-util.js';

export async function search({ res, query, engine }: RouteContext): Promise<void> {
  const term = query.get('term') ?? '';
  if (!term) throw new InvalidArgumentError('term is required');
  const results = await searchRegistry(engine.images.registryOptions, term, queryInt(query, 'limit') ?? 25);
  sendJson(res, 200, results);
}
