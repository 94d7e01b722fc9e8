/** `POST /images/load?quiet=`: the body is an image archive; answers `{"stream": "Loaded image: ...\n"}` lines. */
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';

export async function load({ req, res, engine }: RouteContext): Promise<void> {
  const stream = new LazyJsonStream(res);
  try {
    await engine.images.load(req, (message) => stream.write({ stream: `${message}\n` }));
  } catch (err) {
    stream.fail(err);
  }
  stream.end();
}
