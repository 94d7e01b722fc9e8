/** `POST /containers/create?name=&platform=`. */
import type { ContainerCreateBody, CreateResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { containerSpec } from '../../translate/container-create.js';

export async function create({ res, query, engine, body }: RouteContext<ContainerCreateBody>): Promise<void> {
  const spec = containerSpec(body, { platform: query.get('platform') || undefined });
  const { id, warnings } = await engine.containers.create(spec, query.get('name') || undefined);
  const answer: CreateResponse = { Id: id, Warnings: warnings };
  sendJson(res, 201, answer);
}
