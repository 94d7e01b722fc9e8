/** `POST /containers/{id}/update`: resources and restart policy; `{"Warnings": []}`. */
import type { UpdateBody } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';

export async function update({ req, res, params, engine }: RouteContext): Promise<void> {
  const body = await readJsonBody<UpdateBody>(req);
  const warnings = await engine.containers.update(params.id!, body);
  sendJson(res, 200, { Warnings: warnings });
}
