/** `POST /quai/namespaces`: make a namespace and serve it on its own socket. */
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';
import { adminOf, fromCreateBody, toNamespaceJson } from './shape.js';

export async function create({ req, res, admin: a }: RouteContext): Promise<void> {
  const admin = adminOf(a);
  const spec = fromCreateBody(await readJsonBody<Record<string, unknown>>(req));
  const scope = await admin.engine.namespaces.create(spec);
  try {
    await admin.openSocket(spec.name);
  } catch (err) {
    await admin.engine.namespaces.remove(spec.name).catch(() => {});
    throw err;
  }
  sendJson(res, 201, toNamespaceJson(admin.engine, scope.namespace));
}
