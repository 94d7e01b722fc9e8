/**
 * `POST /commit?container=&repo=&tag=&comment=&author=&changes=&pause=`: the
 * container's writable layer as a new image; the body may carry a container
 * config whose fields override the container's. Answers 201 `{"Id": ...}`.
 */
import { InvalidArgumentError, type ContainerConfigOfImage, type IdResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function commit({ res, query, engine, body }: RouteContext<ContainerConfigOfImage>): Promise<void> {
  const ref = query.get('container') ?? '';
  if (!ref) throw new InvalidArgumentError('No container specified');
  const repo = query.get('repo') ?? '';
  const tag = query.get('tag') ?? '';
  if (!repo && tag) throw new InvalidArgumentError('repository name must have at least one component');
  const image = await engine.images.commitContainer(engine.containers.get(ref), {
    repoTag: repo ? (tag ? `${repo}:${tag}` : repo) : undefined,
    comment: query.get('comment') ?? '',
    author: query.get('author') ?? '',
    changes: query.getAll('changes'),
    overrides: Object.keys(body).length ? body : undefined,
  });
  const answer: IdResponse = { Id: image.id };
  sendJson(res, 201, answer);
}
