/**
 * A client's EndpointSettings (create's EndpointsConfig, connect's
 * EndpointConfig) checked against the network and turned into what the
 * container records (endpoint.ts). Nothing runs here: addresses are taken
 * when the container starts.
 *
 *   { Aliases: ['web'], IPAMConfig: { IPv4Address: '172.18.0.9' }, MacAddress: '02:42:ac:12:00:09' }
 *     → { networkId, aliases: ['web'], ipv4Requested: '172.18.0.9', macRequested: '02:42:ac:12:00:09' }
 */
import { isIP } from 'node:net';
import { InvalidArgumentError } from '@quai/common';
import { contains, ipToInt, parseCidr } from './ipam.js';
import { contains6, ip6ToBigInt, isIPv6, parseCidr6 } from './ipam6.js';
import type { EndpointRecord } from './endpoint.js';
import type { NetworkRecord } from './network-record.js';

export interface EndpointSettings {
  Aliases?: string[] | null;
  Links?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] | null } | null;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
}

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

export function endpointConfig(net: NetworkRecord, cfg: EndpointSettings): EndpointRecord {
  const v4 = cfg.IPAMConfig?.IPv4Address || undefined;
  const v6 = cfg.IPAMConfig?.IPv6Address || undefined;
  if ((cfg.Aliases?.length || v4 || v6) && net.name === 'bridge') {
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
  const mac = cfg.MacAddress || undefined;
  if (mac && !MAC.test(mac)) throw new InvalidArgumentError(`address ${mac}: invalid MAC address`);
  const linkLocal = cfg.IPAMConfig?.LinkLocalIPs ?? [];
  for (const ip of linkLocal) if (!isIP(ip)) throw new InvalidArgumentError(`invalid link-local IP address: ${ip}`);
  return {
    networkId: net.id,
    aliases: cfg.Aliases ?? [],
    ...(v4 ? { ipv4Requested: v4 } : {}),
    ...(v6 ? { ipv6Requested: v6 } : {}),
    ...(mac ? { macRequested: mac.toLowerCase() } : {}),
    ...(linkLocal.length ? { linkLocalIps: [...linkLocal] } : {}),
    ...(cfg.DriverOpts && Object.keys(cfg.DriverOpts).length ? { driverOpts: { ...cfg.DriverOpts } } : {}),
    ...(cfg.Links?.length ? { links: [...cfg.Links] } : {}),
  };
}
