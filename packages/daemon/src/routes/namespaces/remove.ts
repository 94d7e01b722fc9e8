/** `DELETE /quai/namespaces/{name}`: its socket closes first, then everything in it goes. */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';
import { adminOf } from './shape.js';

export async function remove({ res, params, admin: a }: RouteContext): Promise<void> {
  const admin = adminOf(a);
  const name = params.name!;
  admin.engine.namespaces.get(name);
  await admin.closeSocket(name);
  await admin.engine.namespaces.remove(name);
  sendNoContent(res);
}
