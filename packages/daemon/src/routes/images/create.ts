/**
 * `POST /images/create`: `fromImage` pulls (pull.ts); `fromSrc=-` imports
 * the request body as a root filesystem (`docker import`).
 */
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';
import { pull } from './pull.js';

export async function create(ctx: RouteContext): Promise<void> {
  if (ctx.query.get('fromImage')) return pull(ctx);
  const { req, res, query, engine } = ctx;
  const stream = new LazyJsonStream(res);
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
