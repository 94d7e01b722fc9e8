/** `POST /containers/{id}/exec`: record the command; `/exec/{id}/start` runs it. */
import type { IdResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { ExecCreateBody } from '../../schemas/exec.js';
import { execConfig } from '../../translate/exec-create.js';

export async function create({ res, params, engine, body }: RouteContext<ExecCreateBody>): Promise<void> {
  const id = engine.containers.execs.create(params.id!, execConfig(body));
  const answer: IdResponse = { Id: id };
  sendJson(res, 201, answer);
}
