/**
 * What a container records about its networks (in container.json):
 *
 *   networks: { app: { networkId, aliases: ['web'], ip: '172.18.0.2', ... } }
 *   ports:    { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }   bound while running
 *   netns:    <execRoot>/netns/<id>                                       while running
 *
 * `ip`, `ip6`, `mac`, `endpointId` are set while the container runs and
 * cleared when it stops, so IPAM is "every address a running container holds".
 */
export interface EndpointRecord {
  networkId: string;
  aliases: string[];
  /** `--ip`, `--ip6`: the addresses asked for. */
  ipv4Requested?: string;
  ipv6Requested?: string;
  /** `--mac-address` (EndpointSettings.MacAddress): else one derived from the IPv4 address. */
  macRequested?: string;
  /** `--link-local-ip`: extra addresses on the interface (/16 for IPv4, /64 for IPv6, as Docker). */
  linkLocalIps?: string[];
  /** `--driver-opt`: kept and shown, as the bridge driver reads none of them. */
  driverOpts?: Record<string, string>;
  /** `--link` on a user network: `name:alias`, the alias resolving to that container here. */
  links?: string[];
  endpointId?: string;
  ip?: string;
  prefixLen?: number;
  gateway?: string;
  ip6?: string;
  prefixLen6?: number;
  gateway6?: string;
  mac?: string;
  /** Interface name inside the container: eth0, eth1... */
  ifname?: string;
}

export type PortMap = Record<string, Array<{ HostIp: string; HostPort: string }>>;
