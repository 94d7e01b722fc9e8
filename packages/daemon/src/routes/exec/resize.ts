/** `POST /exec/{id}/resize?h=&w=`: accepted; execs have no terminal yet, so nothing to resize. */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';

export function resize({ res, params, engine }: RouteContext): void {
  engine.containers.execs.get(params.id!);
  sendNoContent(res, 200);
}
