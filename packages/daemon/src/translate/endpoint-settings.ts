/**
 * Docker's EndpointSettings (create's NetworkingConfig.EndpointsConfig,
 * connect's EndpointConfig) into the engine's EndpointRequest: empty
 * strings and nulls are "not asked", and `default` names the `bridge`.
 */
import type { EndpointRequest } from '@quai/engine';
import type { EndpointSettings } from '../schemas/networking.js';

export function endpointRequest(s: EndpointSettings | null | undefined): EndpointRequest {
  const ipv4 = s?.IPAMConfig?.IPv4Address || undefined;
  const ipv6 = s?.IPAMConfig?.IPv6Address || undefined;
  const mac = s?.MacAddress || undefined;
  return {
    aliases: s?.Aliases ?? [],
    links: s?.Links ?? [],
    ...(ipv4 ? { ipv4 } : {}),
    ...(ipv6 ? { ipv6 } : {}),
    linkLocalIps: s?.IPAMConfig?.LinkLocalIPs ?? [],
    ...(mac ? { mac } : {}),
    driverOpts: s?.DriverOpts ?? {},
  };
}

/** By network name or id; Docker's `default` is the `bridge` (an entry under `bridge` itself wins). */
export function endpointRequests(config: Record<string, EndpointSettings | null>): Record<string, EndpointRequest> {
  const byNetwork = { ...config };
  if (byNetwork.default !== undefined) {
    byNetwork.bridge ??= byNetwork.default;
    delete byNetwork.default;
  }
  return Object.fromEntries(Object.entries(byNetwork).map(([network, s]) => [network, endpointRequest(s)]));
}
