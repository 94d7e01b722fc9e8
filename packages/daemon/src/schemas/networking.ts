/**
 * Network bodies, from the swagger's NetworkCreateRequest, IPAM,
 * NetworkingConfig, EndpointSettings, NetworkConnectRequest and
 * NetworkDisconnectRequest, with dockerd's Go types.
 */
import { bool, int, list, map, string, struct, type GoSchema } from '@quai/common/schema/go-schema';

const strings = () => list(string());
const stringMap = () => map(string());

export const endpointSettings = struct('network.EndpointSettings', {
  IPAMConfig: struct('network.EndpointIPAMConfig', { IPv4Address: string(), IPv6Address: string(), LinkLocalIPs: strings() }),
  Links: strings(), Aliases: strings(), DriverOpts: stringMap(), GwPriority: int(),
  NetworkID: string(), EndpointID: string(), Gateway: string(), IPAddress: string(), IPPrefixLen: int(),
  IPv6Gateway: string(), GlobalIPv6Address: string(), GlobalIPv6PrefixLen: int(), MacAddress: string(), DNSNames: strings(),
});

export const networkingConfig = struct('network.NetworkingConfig', {
  EndpointsConfig: map(endpointSettings, { goType: 'map[string]*network.EndpointSettings' }),
});

/**
 * Network names become interface labels, file names and DNS names: as for
 * containers and volumes, letters, digits and `_.-`, starting with a letter
 * or digit (dockerd itself is looser; quai refuses `../x` and `a b`).
 */
export function networkName(name: string): string | undefined {
  if (name === '' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return undefined;
  return `Invalid network name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`;
}

/**
 * `com.docker.network.bridge.name` names a host interface: a Linux
 * interface name (1-15 characters, no '/', ':' or whitespace), nothing that
 * could be read as more than one name by the tools that set it up.
 */
export function networkOptions(options: Record<string, string>): string | undefined {
  const bridge = options['com.docker.network.bridge.name'];
  if (bridge === undefined || (/^[^\s/:]{1,15}$/.test(bridge) && bridge !== '.' && bridge !== '..')) return undefined;
  return `invalid bridge name ${JSON.stringify(bridge)}: an interface name has 1 to 15 characters, none of them '/', ':' or whitespace`;
}

export interface NetworkCreateBody {
  Name?: string; Driver?: string; Scope?: string; Internal?: boolean; Attachable?: boolean; Ingress?: boolean;
  ConfigOnly?: boolean; EnableIPv4?: boolean; EnableIPv6?: boolean;
  ConfigFrom?: { Network?: string };
  IPAM?: { Driver?: string; Options?: Record<string, string>; Config?: Array<{ Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }> };
  Options?: Record<string, string>; Labels?: Record<string, string>;
}

export const networkCreate: GoSchema<NetworkCreateBody> = struct('network.CreateRequest', {
  Name: string(networkName), Driver: string(), Scope: string(),
  Internal: bool(), Attachable: bool(), Ingress: bool(), ConfigOnly: bool(),
  ConfigFrom: struct('network.ConfigReference', { Network: string() }),
  EnableIPv4: bool(), EnableIPv6: bool(), CheckDuplicate: bool(),
  IPAM: struct('network.IPAM', {
    Driver: string(), Options: stringMap(),
    Config: list(struct('network.IPAMConfig', { Subnet: string(), IPRange: string(), Gateway: string(), AuxiliaryAddresses: stringMap() })),
  }),
  Options: map(string(), { check: networkOptions }), Labels: stringMap(),
});

/** The fields of Docker's EndpointSettings a client sets (the others are what inspect reports). */
export interface EndpointSettings {
  Aliases?: string[] | null;
  Links?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] | null } | null;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
}

export interface NetworkConnectBody {
  Container?: string;
  EndpointConfig?: EndpointSettings;
}

export const networkConnect: GoSchema<NetworkConnectBody> = struct('network.ConnectOptions', { Container: string(), EndpointConfig: endpointSettings });

export const networkDisconnect: GoSchema<{ Container?: string; Force?: boolean }> = struct('network.DisconnectOptions', { Container: string(), Force: bool() });
