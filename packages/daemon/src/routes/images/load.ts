/**
 * `POST /images/load?quiet=`: the body is an image archive, plain or
 * compressed; answers `{"stream": "Loaded image: ...\n"}` lines, and, as
 * dockerd, a bad or truncated archive as an error line in a 200 stream.
 */
import type { RouteContext } from '../../router.js';
import { LazyJsonStream } from './json-stream.js';

export async function load({ req, res, engine }: RouteContext): Promise<void> {
  const stream = new LazyJsonStream(res);
  try {
    await engine.images.load(req, (message) => stream.write({ stream: `${message}\n` }));
  } catch (err) {
    stream.report(err);
  }
  stream.end();
}
