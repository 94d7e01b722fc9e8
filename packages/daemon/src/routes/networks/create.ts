/** `POST /networks/create` → 201 {Id, Warning}. */
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { NetworkCreateBody } from '../../schemas/networking.js';

export async function create({ res, engine, body: b }: RouteContext<NetworkCreateBody>): Promise<void> {
  const n = await engine.networks.create({
    name: b.Name ?? '', driver: b.Driver, internal: b.Internal, attachable: b.Attachable,
    labels: b.Labels ?? undefined, options: b.Options ?? undefined, ipam: b.IPAM?.Config ?? undefined, enableIPv6: b.EnableIPv6,
  });
  sendJson(res, 201, { Id: n.id, Warning: '' });
}
