/** `POST /volumes/create` {Name, Driver, DriverOpts, Labels} → 201 with the volume. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { VolumeCreateBody } from '../../schemas/volumes.js';
import { toVolumeJson } from './shape.js';

export async function create({ res, engine, body: b }: RouteContext<VolumeCreateBody>): Promise<void> {
  const v = await engine.volumes.create({ name: b.Name, driver: b.Driver, driverOpts: b.DriverOpts ?? undefined, labels: b.Labels ?? undefined });
  sendJson(res, 201, toVolumeJson(engine, v));
}
