/** `POST /containers/create?name=`. */
import type { ContainerCreateBody } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function create({ res, query, engine, body }: RouteContext<ContainerCreateBody>): Promise<void> {
  const name = query.get('name') || undefined;
  const { id, warnings } = await engine.containers.create(body, name);
  sendJson(res, 201, { Id: id, Warnings: warnings });
}
