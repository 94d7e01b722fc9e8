/** `POST /volumes/create` {Name, Driver, DriverOpts, Labels} → 201 with the volume. */
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';
import { toVolumeJson } from './shape.js';

interface Body { Name?: string; Driver?: string; DriverOpts?: Record<string, string> | null; Labels?: Record<string, string> | null }

export async function create({ req, res, engine }: RouteContext): Promise<void> {
  const b = await readJsonBody<Body>(req);
  const v = await engine.volumes.create({ name: b.Name, driver: b.Driver, driverOpts: b.DriverOpts ?? undefined, labels: b.Labels ?? undefined });
  sendJson(res, 201, toVolumeJson(engine, v));
}
