/** Docker's `POST /networks/create` body into the engine's NetworkCreateOptions. */
import type { NetworkCreateOptions } from '@quai/engine';
import type { NetworkCreateBody } from '../schemas/networking.js';

export function networkCreateOptions(b: NetworkCreateBody): NetworkCreateOptions {
  return {
    name: b.Name ?? '', driver: b.Driver, internal: b.Internal, attachable: b.Attachable,
    labels: b.Labels ?? undefined, options: b.Options ?? undefined, enableIPv6: b.EnableIPv6,
    ipam: b.IPAM?.Config?.map((c) => ({ subnet: c.Subnet, gateway: c.Gateway, ipRange: c.IPRange })) ?? undefined,
  };
}
