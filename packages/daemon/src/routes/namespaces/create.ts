/** `POST /quai/namespaces`: make a namespace and serve it on its own socket. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { NamespaceCreateBody } from '../../schemas/namespaces.js';
import { adminOf, fromCreateBody, toNamespaceJson } from './shape.js';

export async function create({ res, body, admin: a }: RouteContext<NamespaceCreateBody>): Promise<void> {
  const admin = adminOf(a);
  const spec = fromCreateBody(body);
  const scope = await admin.engine.namespaces.create(spec);
  try {
    await admin.openSocket(spec.name);
  } catch (err) {
    await admin.engine.namespaces.remove(spec.name).catch(() => {});
    throw err;
  }
  sendJson(res, 201, toNamespaceJson(admin.engine, scope.namespace));
}
