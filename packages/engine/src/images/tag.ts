/** `docker tag`: point a reference at an image (moving it off any other). */
import { InvalidArgumentError, familiarRepository, familiarString, parseNormalizedNamed } from '@quai/common';
import type { ImageDeps } from './deps.js';

export async function tagImage(d: ImageDeps, ref: string, newRef: string): Promise<void> {
  await d.index.ready();
  const image = d.index.resolve(ref);
  const named = parseNormalizedNamed(newRef);
  if (named.digest) throw new InvalidArgumentError('refusing to create a tag with a digest reference');
  if (/^[a-f0-9]{64}$/.test(familiarRepository(named))) {
    throw new InvalidArgumentError(`invalid repository name (${newRef}), cannot specify 64-byte hexadecimal strings`);
  }
  await d.index.setTag(named, image.id, true);
  d.events.publish('image', 'tag', image.id, { name: familiarString(named) });
}
