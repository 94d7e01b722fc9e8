/**
 * What a container asks of one network (the daemon translates Docker's
 * EndpointSettings: create's EndpointsConfig, connect's EndpointConfig),
 * checked against the network and turned into what the container records
 * (endpoint.ts). Nothing runs here: addresses are taken when the container starts.
 *
 *   { aliases: ['web'], ipv4: '172.18.0.9', mac: '02:42:ac:12:00:09', ... }
 *     → { networkId, aliases: ['web'], ipv4Requested: '172.18.0.9', macRequested: '02:42:ac:12:00:09' }
 */
import { isIP } from 'node:net';
import { InvalidArgumentError } from '@quai/common';
import { contains, ipToInt, parseCidr } from './ipam.js';
import { contains6, ip6ToBigInt, isIPv6, parseCidr6 } from './ipam6.js';
import type { EndpointRecord } from './endpoint.js';
import type { NetworkRecord } from './network-record.js';

export interface EndpointRequest {
  /** Names the container has on the network's DNS besides its own. */
  aliases: string[];
  /** `name:alias` links, as names in the network's DNS. */
  links: string[];
  ipv4?: string;
  ipv6?: string;
  linkLocalIps: string[];
  mac?: string;
  driverOpts: Record<string, string>;
}

/** A request for nothing in particular: the network picks the addresses. */
export const ANY_ENDPOINT: EndpointRequest = { aliases: [], links: [], linkLocalIps: [], driverOpts: {} };

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

export function endpointConfig(net: NetworkRecord, cfg: EndpointRequest): EndpointRecord {
  const { ipv4: v4, ipv6: v6, mac } = cfg;
  if ((cfg.aliases.length || v4 || v6) && net.name === 'bridge') {
    throw new InvalidArgumentError('user specified IP address is supported on user defined networks only');
  }
  if (v4 && !contains(parseCidr(net.subnet!), ipToInt(v4))) {
    throw new InvalidArgumentError(`no configured subnet or ip-range contain the IP address ${v4}`);
  }
  if (v6) {
    if (!isIPv6(v6)) throw new InvalidArgumentError(`invalid IPv6 address: ${v6}`);
    if (!net.enableIPv6 || !net.subnet6 || !contains6(parseCidr6(net.subnet6), ip6ToBigInt(v6))) {
      throw new InvalidArgumentError(`no configured subnet or ip-range contain the IP address ${v6}`);
    }
  }
  if (mac && !MAC.test(mac)) throw new InvalidArgumentError(`address ${mac}: invalid MAC address`);
  const linkLocal = cfg.linkLocalIps;
  for (const ip of linkLocal) if (!isIP(ip)) throw new InvalidArgumentError(`invalid link-local IP address: ${ip}`);
  return {
    networkId: net.id,
    aliases: [...cfg.aliases],
    ...(v4 ? { ipv4Requested: v4 } : {}),
    ...(v6 ? { ipv6Requested: v6 } : {}),
    ...(mac ? { macRequested: mac.toLowerCase() } : {}),
    ...(linkLocal.length ? { linkLocalIps: [...linkLocal] } : {}),
    ...(Object.keys(cfg.driverOpts).length ? { driverOpts: { ...cfg.driverOpts } } : {}),
    ...(cfg.links.length ? { links: [...cfg.links] } : {}),
  };
}
