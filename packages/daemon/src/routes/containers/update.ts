/** `POST /containers/{id}/update`: resources and restart policy; `{"Warnings": []}`. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { containerUpdate, type UpdateBody } from '../../translate/container-update.js';

export async function update({ res, params, engine, body }: RouteContext<UpdateBody>): Promise<void> {
  const warnings = await engine.containers.update(params.id!, containerUpdate(body));
  sendJson(res, 200, { Warnings: warnings });
}
