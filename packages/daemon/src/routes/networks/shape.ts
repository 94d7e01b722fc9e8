/** Networks and container endpoints in Docker's wire shapes. */
import type { Network } from '@quai/common';
import type { ContainerRecord, EngineScope, EndpointRecord, NetworkRecord } from '@quai/engine';

export function toNetworkJson(engine: EngineScope, n: NetworkRecord, withContainers = true): Network {
  const containers: NonNullable<Network['Containers']> = {};
  if (withContainers) {
    for (const c of engine.networks.endpointsOf(n)) {
      const ep = Object.values(c.networks ?? {}).find((e) => e.networkId === n.id)!;
      containers[c.id] = {
        Name: c.name, EndpointID: ep.endpointId ?? '', MacAddress: ep.mac ?? '', IPv4Address: `${ep.ip}/${ep.prefixLen}`,
        IPv6Address: ep.ip6 ? `${ep.ip6}/${ep.prefixLen6}` : '',
      };
    }
  }
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: !!n.enableIPv6,
    IPAM: {
      Driver: 'default',
      Options: n.name === 'bridge' ? null : {},
      Config: [
        ...(n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway, ...(n.ipRange ? { IPRange: n.ipRange } : {}) }] : []),
        // As dockerd: the IPv6 gateway only when the user gave it.
        ...(n.subnet6 ? [{ Subnet: n.subnet6, ...(n.gateway6Given ? { Gateway: n.gateway6 } : {}), ...(n.ipRange6 ? { IPRange: n.ipRange6 } : {}) }] : []),
      ],
    },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options,
    Labels: n.labels,
  };
}

/** One entry of NetworkSettings.Networks; addresses only while the container runs. */
export function endpointJson(c: ContainerRecord, ep: EndpointRecord): Record<string, unknown> {
  const running = !!c.netns || c.state.status === 'running';
  const ipam = {
    ...(ep.ipv4Requested ? { IPv4Address: ep.ipv4Requested } : {}),
    ...(ep.ipv6Requested ? { IPv6Address: ep.ipv6Requested } : {}),
    ...(ep.linkLocalIps?.length ? { LinkLocalIPs: ep.linkLocalIps } : {}),
  };
  return {
    IPAMConfig: Object.keys(ipam).length ? ipam : null,
    Links: ep.links?.length ? ep.links : null,
    Aliases: ep.aliases.length ? ep.aliases : null,
    // The address asked for shows before the start too (dockerd keeps it in the endpoint's config).
    MacAddress: running ? ep.mac ?? '' : ep.macRequested ?? '',
    DriverOpts: ep.driverOpts ?? null,
    GwPriority: 0,
    NetworkID: ep.networkId,
    EndpointID: running ? ep.endpointId ?? '' : '',
    Gateway: running ? ep.gateway ?? '' : '',
    IPAddress: running ? ep.ip ?? '' : '',
    IPPrefixLen: running ? ep.prefixLen ?? 0 : 0,
    IPv6Gateway: running ? ep.gateway6 ?? '' : '',
    GlobalIPv6Address: running ? ep.ip6 ?? '' : '',
    GlobalIPv6PrefixLen: running ? ep.prefixLen6 ?? 0 : 0,
    DNSNames: null,
  };
}

/** NetworkSettings of container inspect: Networks, Ports, and the default bridge's fields at the top. */
export function networkSettings(c: ContainerRecord): Record<string, unknown> {
  const networks: Record<string, unknown> = {};
  for (const [name, ep] of Object.entries(c.networks ?? {})) networks[name] = endpointJson(c, ep);
  const mode = c.hostConfig.NetworkMode ?? '';
  if (mode === 'host' || mode === 'none') networks[mode] = { ...endpointJson(c, { networkId: '', aliases: [] }) };
  const main = (c.networks?.bridge ? endpointJson(c, c.networks.bridge) : {}) as Record<string, unknown>;
  const ports: Record<string, unknown> = {};
  for (const key of Object.keys(c.config.ExposedPorts ?? {})) ports[key] = null;
  Object.assign(ports, c.netns ? c.ports ?? {} : {});
  return {
    Bridge: '', SandboxID: c.netns ? c.id : '', SandboxKey: c.netns ?? '', HairpinMode: false,
    LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0, Ports: ports,
    SecondaryIPAddresses: null, SecondaryIPv6Addresses: null,
    EndpointID: main.EndpointID ?? '', Gateway: main.Gateway ?? '', GlobalIPv6Address: main.GlobalIPv6Address ?? '',
    GlobalIPv6PrefixLen: main.GlobalIPv6PrefixLen ?? 0, IPAddress: main.IPAddress ?? '', IPPrefixLen: main.IPPrefixLen ?? 0,
    IPv6Gateway: main.IPv6Gateway ?? '', MacAddress: main.MacAddress ?? '',
    Networks: networks,
  };
}

/** `ps` Ports: bound ports while running, then exposed ones without a binding. */
export function summaryPorts(c: ContainerRecord): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const bound = c.netns ? c.ports ?? {} : {};
  for (const [key, list] of Object.entries(bound)) {
    const [port, type] = key.split('/');
    for (const b of list) out.push({ IP: b.HostIp, PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: type });
  }
  for (const key of Object.keys(c.config.ExposedPorts ?? {})) {
    if (bound[key]) continue;
    const [port, type] = key.split('/');
    out.push({ PrivatePort: Number(port), Type: type });
  }
  return out;
}
