/** `GET /volumes?filters=` → {Volumes, Warnings}. */
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';
import { toVolumeJson } from './shape.js';

export async function list({ res, query, engine }: RouteContext): Promise<void> {
  const volumes = engine.volumes.list(parseFilters(query)).map((v) => toVolumeJson(engine, v));
  sendJson(res, 200, { Volumes: volumes, Warnings: [] });
}
