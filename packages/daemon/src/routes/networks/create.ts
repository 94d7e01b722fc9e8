/** `POST /networks/create` → 201 {Id, Warning}. */
import type { NetworkCreateResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { NetworkCreateBody } from '../../schemas/networking.js';
import { networkCreateOptions } from '../../translate/network-create.js';

export async function create({ res, engine, body }: RouteContext<NetworkCreateBody>): Promise<void> {
  const n = await engine.networks.create(networkCreateOptions(body));
  const answer: NetworkCreateResponse = { Id: n.id, Warning: '' };
  sendJson(res, 201, answer);
}
