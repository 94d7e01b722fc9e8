/**
 * The legacy builder's cache as `system df` and `builder prune` see it. A
 * cache entry pins the image a step made; the step's own bytes are the
 * layer it added (0 for metadata-only steps). An entry is `Shared` when its
 * layer is also part of an image users named (tagged, or pulled by digest),
 * so deleting it frees nothing: its bytes count under Images, and its Size
 * is 0, so the cache total the docker CLI prints (the sum of unshared
 * entries) is the sum of the lines it lists. `InUse` when a container runs
 * on its image.
 */
import type { BuildCachePruneResponse, BuildCacheRecord } from '@quai/common';
import type { EngineScope } from '@quai/engine';
import type { ImageRecord } from '@quai/engine';
import { buildCache } from './build.js';

interface CacheItem { key: string; image: ImageRecord; record: BuildCacheRecord }

/** The bytes an image adds over its parent: its top layer when it made one. */
function ownLayer(image: ImageRecord, byId: Map<string, ImageRecord>): { chainId: string; size: number } | undefined {
  const parent = image.parent ? byId.get(image.parent) : undefined;
  const top = image.layers[image.layers.length - 1];
  if (!top || (parent && parent.topChainId === image.topChainId)) return undefined;
  return { chainId: top.chainId, size: top.size };
}

async function items(engine: EngineScope): Promise<{ items: CacheItem[]; stale: string[] }> {
  const all = await engine.images.list({ all: true });
  const byId = new Map(all.map((i) => [i.id, i]));
  // Images someone named (tags, digests): what the cache shares layers with.
  const visible = all.filter((i) => i.repoTags.length > 0 || i.repoDigests.length > 0);
  const visibleChains = new Set(visible.flatMap((i) => i.layers.map((l) => l.chainId)));
  const used = new Set((await engine.containers.list({ all: true })).map((c) => c.imageId));
  const entries = await (await buildCache(engine)).list();
  const keyOf = new Map(entries.map(([k, id]) => [id, k]));
  const out: CacheItem[] = [];
  const stale: string[] = [];
  for (const [key, id] of entries) {
    const image = byId.get(id);
    if (!image) { stale.push(key); continue; }
    const layer = ownLayer(image, byId);
    const parentKey = image.parent ? keyOf.get(image.parent) : undefined;
    const history = image.config.history ?? [];
    const shared = visible.some((v) => v.id === id) || (!!layer && visibleChains.has(layer.chainId));
    out.push({
      key, image,
      record: {
        ID: key.slice(0, 25),
        Parents: parentKey ? [parentKey.slice(0, 25)] : null,
        Type: 'regular',
        Description: history[history.length - 1]?.created_by ?? '',
        InUse: used.has(id),
        Shared: shared,
        Size: shared ? 0 : layer?.size ?? 0,
        CreatedAt: image.created,
        LastUsedAt: image.created,
        UsageCount: 1,
      },
    });
  }
  return { items: out, stale };
}

export async function buildCacheUsage(engine: EngineScope): Promise<BuildCacheRecord[]> {
  return (await items(engine)).items.map((i) => i.record);
}

/**
 * `builder prune`: forget entries whose image is gone, delete the images
 * only the cache holds (newest first, so children go before parents), and
 * with `all` forget the shared entries too. SpaceReclaimed counts the layers
 * that no image holds any more.
 */
export async function pruneBuildCache(engine: EngineScope, all: boolean): Promise<BuildCachePruneResponse> {
  const before = await engine.images.list({ all: true });
  const { items: list, stale } = await items(engine);
  const drop = new Set(stale);
  const deleted: string[] = [];
  const removable = list.filter((i) => !i.record.Shared && !i.record.InUse)
    .sort((a, b) => b.image.layers.length - a.image.layers.length || b.image.created.localeCompare(a.image.created));
  for (const i of removable) {
    const ok = await engine.images.remove(i.image.id, { noprune: true }).then(() => true, () => false);
    if (ok) { drop.add(i.key); deleted.push(i.record.ID); }
  }
  if (all) for (const i of list) if (!drop.has(i.key)) { drop.add(i.key); deleted.push(i.record.ID); }
  await (await buildCache(engine)).prune((_id, key) => !drop.has(key));
  const after = new Set((await engine.images.list({ all: true })).flatMap((i) => i.layers.map((l) => l.chainId)));
  const freed = new Map<string, number>();
  for (const image of before) for (const l of image.layers) if (!after.has(l.chainId)) freed.set(l.chainId, l.size);
  let space = 0;
  for (const n of freed.values()) space += n;
  return { CachesDeleted: deleted.length ? deleted : null, SpaceReclaimed: space };
}
