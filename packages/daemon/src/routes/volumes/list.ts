/** `GET /volumes?filters=` → {Volumes, Warnings}. */
import type { VolumeListResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';
import { toVolumeJson } from './shape.js';

export async function list({ res, query, engine }: RouteContext): Promise<void> {
  const volumes = engine.volumes.list(parseFilters(query)).map((v) => toVolumeJson(engine, v));
  const answer: VolumeListResponse = { Volumes: volumes, Warnings: [] };
  sendJson(res, 200, answer);
}
