/** `POST /images/{name}/tag?repo=&tag=` → 201. */
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';

export async function tag({ res, params, query, engine }: RouteContext): Promise<void> {
  const repo = query.get('repo') ?? '';
  const tagName = query.get('tag') ?? '';
  if (!repo) throw new InvalidArgumentError('repository name must have at least one component');
  await engine.images.tag(params.name!, tagName ? `${repo}:${tagName}` : repo);
  sendNoContent(res, 201);
}
