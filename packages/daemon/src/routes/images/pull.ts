/**
 * `POST /images/create?fromImage=&tag=&platform=` (pull): streams Docker's
 * progress JSON; credentials come in `X-Registry-Auth`.
 */
import { decodeRegistryAuth } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';

/** `fromImage=busybox&tag=1.36` → `busybox:1.36`; a digest tag → `busybox@sha256:…`. */
export function pullRef(fromImage: string, tag: string): string {
  if (!tag) return fromImage;
  if (/[:@][^/]*$/.test(fromImage)) return fromImage;
  return tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
}

export async function pull({ req, res, query, engine }: RouteContext): Promise<void> {
  const stream = new LazyJsonStream(res);
  const ref = pullRef(query.get('fromImage') ?? '', query.get('tag') ?? '');
  const auth = decodeRegistryAuth(req.headers['x-registry-auth'] as string | undefined);
  try {
    await engine.images.pull({ ref, platform: query.get('platform') || undefined, auth, onProgress: (m) => stream.write(m) });
  } catch (err) {
    stream.fail(err);
  }
  stream.end();
}
