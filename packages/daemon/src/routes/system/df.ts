/**
 * `GET /system/df`: disk usage as Docker reports it (`docker system df`):
 * images with their shared and unique bytes (shared-size.ts: so that the
 * CLI's sums agree with its lines), containers' writable layers,
 * volumes, the build cache. `LogsSize` and each container's `LogSize`
 * (quai's own fields, ignored by Docker clients) count the log files.
 */
import type { DiskUsage } from '@quai/common';
import { logFilesSize, paths } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { toSummary as imageSummary } from '../images/shape.js';
import { sizeOf, toSummary as containerSummary } from '../containers/shape.js';
import { toVolumeJson } from '../volumes/shape.js';
import { buildCacheUsage } from '../build/cache-usage.js';
import { sharedSizes } from './shared-size.js';

export async function df({ res, engine, apiVersion }: RouteContext): Promise<void> {
  const images = await engine.images.list({ all: false, filters: new Map() });
  const everyImage = await engine.images.list({ all: true, filters: new Map() });
  const all = await engine.containers.list({ all: true, filters: new Map() });
  const containers = [];
  let logsSize = 0;
  for (const c of all) {
    const logSize = await logFilesSize(paths.containerLogPath(engine.config, c.id));
    containers.push({ ...containerSummary(c, await sizeOf(engine, c)), LogSize: logSize });
    logsSize += logSize;
  }
  const volumes = [];
  for (const v of engine.volumes.list()) {
    const refCount = engine.volumes.users(v.name).length;
    volumes.push({ ...toVolumeJson(engine, v), UsageData: { Size: await engine.volumes.size(v.name), RefCount: refCount } });
  }
  const containersOf = (id: string) => all.filter((c) => c.imageId === id).length;
  const shared = sharedSizes(images.map((i) => ({ ...i, containers: containersOf(i.id) })));
  const imageRows = images.map((i) => ({
    ...imageSummary(i, apiVersion),
    SharedSize: shared.get(i.id) ?? 0,
    Containers: containersOf(i.id),
  }));
  // Every layer once, of every image (build cache ones too, as Docker's LayersSize).
  const layers = new Map<string, number>();
  for (const i of everyImage) for (const l of i.layers) layers.set(l.chainId, l.size);
  let layersSize = 0;
  for (const n of layers.values()) layersSize += n;
  const answer: DiskUsage = {
    LayersSize: layersSize,
    Images: imageRows,
    Containers: containers,
    Volumes: volumes,
    BuildCache: await buildCacheUsage(engine),
    LogsSize: logsSize,
  };
  sendJson(res, 200, answer);
}
