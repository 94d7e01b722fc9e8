/** `POST /containers/{id}/pause` and `/unpause`: 204. */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';

export async function pause({ res, params, engine }: RouteContext): Promise<void> {
  await engine.containers.pause(params.id!);
  sendNoContent(res);
}

export async function unpause({ res, params, engine }: RouteContext): Promise<void> {
  await engine.containers.unpause(params.id!);
  sendNoContent(res);
}
