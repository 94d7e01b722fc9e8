/**
 * What a container records about its networks (in container.json):
 *
 *   networks: { app: { networkId, aliases: ['web'], ip: '172.18.0.2', ... } }
 *   ports:    { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }   bound while running
 *   netns:    <execRoot>/netns/<id>                                       while running
 *
 * `ip`, `mac`, `endpointId` are set while the container runs and cleared
 * when it stops, so IPAM is "every address a running container holds".
 */
export interface EndpointRecord {
  networkId: string;
  aliases: string[];
  /** `--ip`: the address asked for. */
  ipv4Requested?: string;
  endpointId?: string;
  ip?: string;
  prefixLen?: number;
  gateway?: string;
  mac?: string;
  /** Interface name inside the container: eth0, eth1... */
  ifname?: string;
}

export type PortMap = Record<string, Array<{ HostIp: string; HostPort: string }>>;
