/** `GET /system/df`: disk usage of images, containers and volumes (`docker system df`). */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { toSummary as imageSummary } from '../images/shape.js';
import { sizeOf, toSummary as containerSummary } from '../containers/shape.js';
import { toVolumeJson } from '../volumes/shape.js';

export async function df({ res, engine, apiVersion }: RouteContext): Promise<void> {
  const images = await engine.images.list({ all: false, filters: new Map() });
  const all = await engine.containers.list({ all: true, filters: new Map() });
  const containers = [];
  for (const c of all) containers.push(containerSummary(c, await sizeOf(engine, c)));
  const volumes = [];
  for (const v of engine.volumes.list()) {
    const refCount = engine.volumes.users(v.name).length;
    volumes.push({ ...toVolumeJson(engine, v), UsageData: { Size: await engine.volumes.size(v.name), RefCount: refCount } });
  }
  const imageRows = images.map((i) => ({
    ...imageSummary(i, apiVersion),
    Containers: all.filter((c) => c.imageId === i.id).length,
  }));
  sendJson(res, 200, {
    LayersSize: images.reduce((n, i) => n + (i.size || 0), 0),
    Images: imageRows,
    Containers: containers,
    Volumes: volumes,
    BuildCache: [],
  });
}
