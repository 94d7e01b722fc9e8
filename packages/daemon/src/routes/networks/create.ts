/** `POST /networks/create` → 201 {Id, Warning}. */
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';

interface Body {
  Name?: string; Driver?: string; Internal?: boolean; Attachable?: boolean; EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> | null } | null;
  Options?: Record<string, string> | null; Labels?: Record<string, string> | null;
}

export async function create({ req, res, engine }: RouteContext): Promise<void> {
  const b = await readJsonBody<Body>(req);
  const n = await engine.networks.create({
    name: b.Name ?? '', driver: b.Driver, internal: b.Internal, attachable: b.Attachable,
    labels: b.Labels ?? undefined, options: b.Options ?? undefined, ipam: b.IPAM?.Config ?? undefined,
  });
  sendJson(res, 201, { Id: n.id, Warning: '' });
}
