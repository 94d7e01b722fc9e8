/** `docker images`: newest first; untagged parents of other images only with `all`. */
import { InvalidArgumentError, NotFoundError } from '@quai/common';
import type { ImageDeps } from './deps.js';
import { DockerFilters } from '@quai/common';
import { createdMs, matchesCommon, matchesReference, type Filters } from './filters.js';
import type { ImageRecord } from './image-record.js';

export async function listImages(d: ImageDeps, opts: { all?: boolean; filters?: Filters } = {}): Promise<ImageRecord[]> {
  await d.index.ready();
  const filters = new DockerFilters(opts.filters).check(['before', 'since', 'dangling', 'label', 'label!', 'reference', 'until']);
  const dangling = filters.bool('dangling');
  const before = filters.get('before').map((r) => createdMs(imageOf(d, r, 'before')));
  const since = filters.get('since').map((r) => createdMs(imageOf(d, r, 'since')));
  const references = filters.get('reference');
  const all = d.index.all();
  const parents = new Set(all.map((i) => i.parent).filter(Boolean));
  return all
    .filter((image) => {
      const untagged = image.repoTags.length === 0;
      if (untagged && image.repoDigests.length === 0 && !opts.all && parents.has(image.id)) return false;
      if (dangling === true && !untagged) return false;
      if (dangling === false && untagged) return false;
      if (before?.some((t) => createdMs(image) >= t)) return false;
      if (since?.some((t) => createdMs(image) <= t)) return false;
      if (references.length && !narrow(image, references).repoTags.length && !narrow(image, references).repoDigests.length) return false;
      return matchesCommon(image, filters);
    })
    .map((image) => (references.length ? narrow(image, references) : image))
    .sort((a, b) => createdMs(b) - createdMs(a));
}

function imageOf(d: ImageDeps, ref: string, filter: string): ImageRecord {
  try {
    return d.index.resolve(ref);
  } catch (err) {
    if (err instanceof NotFoundError) throw new InvalidArgumentError(`invalid filter '${filter}=${ref}': ${err.message}`);
    throw err;
  }
}


/** With a reference filter Docker lists only the matching tags and digests. */
function narrow(image: ImageRecord, patterns: string[]): ImageRecord {
  const keep = (ref: string) => patterns.some((p) => matchesReference(p, [ref]));
  return { ...image, repoTags: image.repoTags.filter(keep), repoDigests: image.repoDigests.filter(keep) };
}
