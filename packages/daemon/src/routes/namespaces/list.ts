/** `GET /quai/namespaces` and `GET /quai/namespaces/{name}` (with what it holds). */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { adminOf, toNamespaceJson } from './shape.js';

export function list({ res, admin: a }: RouteContext): void {
  const admin = adminOf(a);
  sendJson(res, 200, admin.engine.namespaces.list().map((r) => toNamespaceJson(admin.engine, r)));
}

export async function inspect({ res, params, admin: a }: RouteContext): Promise<void> {
  const { engine } = adminOf(a);
  const record = engine.namespaces.get(params.name!);
  sendJson(res, 200, toNamespaceJson(engine, record, await engine.namespaces.usage(record.name)));
}
