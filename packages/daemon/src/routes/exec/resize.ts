/** `POST /exec/{id}/resize?h=&w=`: the size of the exec's terminal (a no-op without TTY). */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';

export function resize({ res, params, query, engine }: RouteContext): void {
  engine.containers.execs.resize(params.id!, Number(query.get('h') ?? 0), Number(query.get('w') ?? 0));
  sendNoContent(res, 200);
}
