/** `POST /containers/create?name=&platform=`. */
import type { ContainerCreateBody, CreateResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function create({ res, query, engine, body }: RouteContext<ContainerCreateBody>): Promise<void> {
  const { id, warnings } = await engine.containers.create(body, {
    name: query.get('name') || undefined,
    platform: query.get('platform') || undefined,
  });
  const answer: CreateResponse = { Id: id, Warnings: warnings };
  sendJson(res, 201, answer);
}
