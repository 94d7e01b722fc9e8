/** `POST /images/{name}/push?tag=`: streams Docker's push progress; an empty tag pushes every tag. */
import { decodeRegistryAuth } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';

export async function push({ req, res, query, params, engine }: RouteContext): Promise<void> {
  const stream = new LazyJsonStream(res);
  const auth = decodeRegistryAuth(req.headers['x-registry-auth'] as string | undefined);
  try {
    await engine.images.push({ ref: params.name!, tag: query.get('tag') || undefined, auth, onProgress: (m) => stream.write(m) });
  } catch (err) {
    stream.fail(err);
  }
  stream.end();
}
