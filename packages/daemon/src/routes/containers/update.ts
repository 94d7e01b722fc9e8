/** `POST /containers/{id}/update`: resources and restart policy; `{"Warnings": []}`. */
import type { UpdateBody } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function update({ res, params, engine, body }: RouteContext<UpdateBody>): Promise<void> {
  const warnings = await engine.containers.update(params.id!, body);
  sendJson(res, 200, { Warnings: warnings });
}
