/**
 * `POST /images/create`: `fromSrc=-` imports the request body as a root
 * filesystem (`docker import`); `fromImage` (pull) is not there yet.
 */
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';

export async function create({ req, res, query, engine }: RouteContext): Promise<void> {
  const stream = new LazyJsonStream(res);
  const fromImage = query.get('fromImage');
  if (fromImage) {
    stream.write({ status: `Pulling from ${fromImage}` });
    stream.fail(new Error(`pull not supported yet: ${fromImage}`));
    stream.end();
    return;
  }
  const fromSrc = query.get('fromSrc');
  if (fromSrc !== '-') throw new InvalidArgumentError(fromSrc ? `importing from a URL is not supported: ${fromSrc}` : 'fromImage or fromSrc is required');
  const repo = query.get('repo') ?? '';
  const tag = query.get('tag') ?? '';
  try {
    const image = await engine.images.import(req, {
      repoTag: repo ? (tag ? `${repo}:${tag}` : repo) : undefined,
      changes: query.getAll('changes'),
      message: query.get('message') ?? '',
      source: '-',
    });
    stream.write({ status: image.id });
  } catch (err) {
    stream.fail(err);
  }
  stream.end();
}
