/** `POST /containers/create?name=`. */
import type { ContainerCreateBody, CreateResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function create({ res, query, engine, body }: RouteContext<ContainerCreateBody>): Promise<void> {
  const name = query.get('name') || undefined;
  const { id, warnings } = await engine.containers.create(body, name);
  const answer: CreateResponse = { Id: id, Warnings: warnings };
  sendJson(res, 201, answer);
}
