/** `POST /containers/create?name=`. */
import type { ContainerCreateBody } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';

export async function create({ req, res, query, engine }: RouteContext): Promise<void> {
  const body = await readJsonBody<ContainerCreateBody>(req);
  const name = query.get('name') || undefined;
  const { id, warnings } = await engine.containers.create(body, name);
  sendJson(res, 201, { Id: id, Warnings: warnings });
}
