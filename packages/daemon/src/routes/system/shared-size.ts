/**
 * SharedSize of each image in `system df`, chosen so that the docker CLI's
 * sums agree with its per-image lines. The CLI (28.x) prints
 *
 *   RECLAIMABLE = LayersSize − Σ (Size − SharedSize) over images with containers
 *
 * and newer daemons Σ (Size − SharedSize) over images without. Both match
 * what removing the unused images frees only when every layer counts as
 * unique in exactly one image, and a layer any image in use holds counts in
 * an image in use. So each layer is unique to the first image holding it in
 * this order: images in use before the others, then fewer layers (bases
 * before the images built on them), then older; it is shared in the rest.
 */
export interface UsageImage {
  id: string;
  created: string;
  layers: Array<{ chainId: string; size: number }>;
  /** Containers created from it. */
  containers: number;
}

export function sharedSizes(images: UsageImage[]): Map<string, number> {
  const order = [...images].sort((a, b) =>
    Number(b.containers > 0) - Number(a.containers > 0)
    || a.layers.length - b.layers.length
    || a.created.localeCompare(b.created)
    || a.id.localeCompare(b.id));
  const counted = new Set<string>();
  const shared = new Map<string, number>();
  for (const image of order) {
    let bytes = 0;
    for (const layer of image.layers) {
      if (counted.has(layer.chainId)) bytes += layer.size;
      else counted.add(layer.chainId);
    }
    shared.set(image.id, bytes);
  }
  return shared;
}
