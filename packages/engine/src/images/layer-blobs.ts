/**
 * Which blob in the content store holds a layer. One layer (one diffId) can
 * arrive as several blobs: gzip from one registry, another gzip from a second,
 * plain tar from a load or a commit (then blob digest = diffId). An image only
 * needs one of them; its manifest must name blobs the store really has.
 *
 *   diffId ──► [the blob a caller prefers, the plain tar, blobs other images' manifests name]
 *              first one present in the store wins
 *
 * Pull asks before downloading (a layer already held under another blob is
 * "Already exists"); storeImage asks for each layer, so commit and build
 * never need the compressed blob of a parent whose layers are unpacked.
 */
import type { Manifest } from '@quai/common';
import type { ImageDeps } from './deps.js';

export class LayerBlobs {
  private known?: Promise<Map<string, string[]>>;

  constructor(private readonly d: ImageDeps) {}

  /** A present blob holding layer `diffId`, `preferred` first; undefined when the store has none. */
  async find(diffId: string, preferred?: string): Promise<string | undefined> {
    if (preferred && (await this.d.content.has(preferred))) return preferred;
    if (await this.d.content.has(diffId)) return diffId;
    for (const digest of (await this.blobsByDiffId()).get(diffId) ?? []) {
      if (await this.d.content.has(digest)) return digest;
    }
    return undefined;
  }

  // Read once, and only when the cheap guesses failed: every image's manifest, zipped with its diffIds.
  private blobsByDiffId(): Promise<Map<string, string[]>> {
    this.known ??= (async () => {
      const map = new Map<string, string[]>();
      for (const image of (await this.d.shared.indexes()).flatMap((index) => index.all())) {
        const layers = image.manifestDigest ? await manifestLayers(this.d, image.manifestDigest) : undefined;
        if (layers?.length !== image.layers.length) continue;
        image.layers.forEach((l, i) => map.set(l.diffId, [...(map.get(l.diffId) ?? []), layers[i]!]));
      }
      return map;
    })();
    return this.known;
  }
}

async function manifestLayers(d: ImageDeps, digest: string): Promise<string[] | undefined> {
  try {
    return (JSON.parse((await d.content.get(digest)).toString('utf8')) as Manifest).layers?.map((l) => l.digest);
  } catch {
    return undefined;
  }
}

/** The manifest's config and layer blobs are all in the store. */
export async function hasAllBlobs(d: ImageDeps, manifest: Manifest): Promise<boolean> {
  const digests = [manifest.config?.digest, ...(manifest.layers ?? []).map((l) => l.digest)];
  for (const digest of digests) if (!digest || !(await d.content.has(digest))) return false;
  return true;
}
