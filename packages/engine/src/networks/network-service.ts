/**
 * One namespace's networks: the records, their bridges, their DNS servers.
 * Containers join and leave through container-network.ts; this file owns
 * everything that lives as long as a network does. The firewall follows
 * from every namespace's networks at once (host-networking.ts).
 *
 * Each namespace has its own `bridge`, `host` and `none`. User bridges are
 * `br-<id12>` (ids are random); network namespaces live under <execRoot>/netns.
 * Every bridge is up while its network exists: a subnet is held on the host
 * (where other daemons look for free ones) from the moment it is picked.
 * A bridge enters the firewall at the next sync, at the latest when a
 * container first joins it.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, DockerFilters, InvalidArgumentError, NotFoundError, QuaiError } from '@quai/common';
import { netnsPath, networksDir, type EnginePaths } from '../paths.js';
import type { Events } from '../events/event-bus.js';
import type { ContainerRecord } from '../containers/container-record.js';
import { readJson, writeJsonAtomic } from '../store/atomic-file.js';
import { diskReserve } from '../store/disk-reserve.js';
import { chooseSubnet, contains, overlaps, DEFAULT_POOLS, firstHost, formatCidr, ipToInt, parseCidr, type AddressPool, type Cidr } from './ipam.js';
import { chooseSubnet6, contains6, firstHost6, formatCidr6, ip6ToBigInt, isIPv6, overlaps6, parseCidr6, ulaPool, type Cidr6 } from './ipam6.js';
import { deleteLink, ensureBridge, hostSubnets, linkExists } from './host-net.js';
import type { FirewallNetwork, PublishedPort } from './firewall.js';
import type { HostNetworking, NetworkParticipant } from './host-networking.js';
import type { QuotaGuard } from '../namespaces/quota.js';
import { DnsServer, type NameSource } from './dns-server.js';
import { PREDEFINED, type NetworkRecord } from './network-record.js';
import { withHostLock } from './host-lock.js';

export interface NetworkOptions {
  /** `--bip 172.31.0.1/16`: the default bridge's gateway and subnet. */
  bip?: string;
  /** `--default-address-pool base=10.10.0.0/16,size=24`, in order. */
  addressPools?: AddressPool[];
}

export interface NetworkCreateOptions {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  /** IPv4 and IPv6 pools alike; the IPv6 ones count with enableIPv6 only. */
  ipam?: IpamConfig[];
  /** `--ipv6`: dual stack, with the IPv6 subnet given or one of the engine's ULA /64s. */
  enableIPv6?: boolean;
}

/** One address pool asked for: CIDRs and an address, IPv4 or IPv6. */
export interface IpamConfig { subnet?: string; gateway?: string; ipRange?: string }

export interface NetworkServiceOptions {
  /** The namespace's own roots (records under networksDir). */
  paths: EnginePaths;
  namespace: string;
  events: Events;
  options: NetworkOptions;
  /** The namespace's containers. */
  containers: () => ContainerRecord[];
  host: HostNetworking;
  /** Sync the firewall at start (the default namespace); a new namespace leaves it to its first container. */
  syncAtStart: boolean;
  quota?: QuotaGuard;
  /** false: the namespace's containers may not open connections beyond the host (default true). */
  outbound?: boolean;
}

export class NetworkService implements NetworkParticipant {
  private readonly byId = new Map<string, NetworkRecord>();
  readonly dns = new Map<string, DnsServer>();
  /** Addresses held, by network id (IPv4 and IPv6 alike: their texts never meet). */
  readonly allocated = new Map<string, Set<string>>();
  /** Published ports by container id, for the firewall. */
  readonly published = new Map<string, PublishedPort[]>();
  readonly defaultBridge: string;
  /** Networks whose bridge (and DNS server) is up. */
  private readonly up = new Set<string>();

  constructor(private readonly o: NetworkServiceOptions) {
    this.defaultBridge = o.host.defaultBridgeName(o.namespace);
  }

  private get dir(): string { return networksDir(this.o.paths); }
  netnsPath(containerId: string): string { return netnsPath(this.o.paths, containerId); }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const f of await readdir(this.dir)) {
      const r = await readJson<NetworkRecord>(join(this.dir, f)).catch(() => undefined);
      if (r && f.endsWith('.json')) this.byId.set(r.id, r);
    }
    this.o.host.join(this);
    if (!this.find('host')) await this.save(predefined('host', 'host'));
    if (!this.find('none')) await this.save(predefined('none', 'null'));
    await this.o.host.enableForwarding();
    await withHostLock(() => this.ensureDefaultBridge());
    for (const n of this.byId.values()) await this.bringUp(n);
    if (this.o.syncAtStart) await this.syncFirewall();
  }

  private async ensureDefaultBridge(): Promise<void> {
    const bridge = this.find('bridge');
    // Our bridge was taken down with the daemon: if another daemon took the subnet meanwhile, move.
    const moved = !!bridge && !this.o.options.bip && !(await linkExists(this.defaultBridge))
      && (await hostSubnets()).some((t) => overlaps(t, parseCidr(bridge.subnet!)));
    if (!bridge || moved || (this.o.options.bip && this.o.namespace === 'default' && bridge.gateway !== this.o.options.bip.split('/')[0])) {
      const r = predefined('bridge', 'bridge');
      if (bridge) r.id = bridge.id;
      r.bridge = this.defaultBridge;
      const bip = this.o.namespace === 'default' ? this.o.options.bip : undefined;
      Object.assign(r, await this.pickSubnet(bip ? [{ subnet: formatCidr(parseCidr(bip)), gateway: bip.split('/')[0] }] : [], bridge?.id));
      r.options = {
        'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.enable_icc': 'true',
        'com.docker.network.bridge.enable_ip_masquerade': 'true', 'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
        'com.docker.network.bridge.name': this.defaultBridge, 'com.docker.network.driver.mtu': '1500',
      };
      await this.save(r);
    }
    await this.bringUp(this.find('bridge')!);
  }

  /** A network's bridge, DNS server and firewall rules, in place before a container joins it. */
  async ensureUp(n: NetworkRecord): Promise<void> {
    if (n.driver !== 'bridge') return;
    if (!this.up.has(n.id)) await this.bringUp(n);
    if (n.bridge && !this.o.host.inFirewall(n.bridge)) await this.syncFirewall();
  }

  closeServers(): void {
    for (const d of this.dns.values()) d.close();
    this.dns.clear();
    this.up.clear();
  }

  /** Namespace removal (no container left): every bridge down, every record gone, out of the firewall. */
  async destroy(): Promise<void> {
    this.closeServers();
    for (const n of this.byId.values()) if (n.bridge) await deleteLink(n.bridge);
    this.byId.clear();
    this.o.host.leave(this);
    await rm(this.dir, { recursive: true, force: true });
    await this.syncFirewall();
  }

  bridges(): string[] {
    return [...this.byId.values()].map((n) => n.bridge).filter((b): b is string => !!b);
  }

  subnets(exceptId?: string): Cidr[] {
    return [...this.byId.values()].filter((n) => n.subnet && n.id !== exceptId).map((n) => parseCidr(n.subnet!));
  }

  subnets6(exceptId?: string): Cidr6[] {
    return [...this.byId.values()].filter((n) => n.subnet6 && n.id !== exceptId).map((n) => parseCidr6(n.subnet6!));
  }

  firewallNetworks(): FirewallNetwork[] {
    const outbound = this.o.outbound !== false;
    return this.all().filter((n) => n.bridge && n.subnet).map((n) => ({ bridge: n.bridge!, subnet: n.subnet!, internal: n.internal, outbound }));
  }

  publishedPorts(): PublishedPort[] {
    return [...this.published.values()].flat();
  }

  find(ref: string): NetworkRecord | undefined {
    if (!ref) return undefined;
    const exact = this.byId.get(ref);
    if (exact) return exact;
    for (const n of this.byId.values()) if (n.name === ref) return n;
    const byPrefix = [...this.byId.values()].filter((n) => n.id.startsWith(ref));
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  get(ref: string): NetworkRecord {
    const n = this.find(ref);
    if (!n) throw new NotFoundError(`network ${ref} not found`);
    return n;
  }

  all(): NetworkRecord[] { return [...this.byId.values()]; }

  /** Running containers with an address on the network. */
  endpointsOf(n: NetworkRecord): ContainerRecord[] {
    return this.o.containers().filter((c) => Object.values(c.networks ?? {}).some((e) => e.networkId === n.id && e.ip));
  }

  /** Docker's `network connect`/`disconnect` events, also sent when a container starts and stops. */
  emit(action: 'connect' | 'disconnect', networkId: string, containerId: string): void {
    const n = this.byId.get(networkId);
    if (n) this.o.events.publish('network', action, n.id, { container: containerId, name: n.name, type: n.driver });
  }

  /** Whether any container, running or not, names the network. */
  inUse(n: NetworkRecord): boolean {
    return this.o.containers().some((c) => Object.values(c.networks ?? {}).some((e) => e.networkId === n.id));
  }

  async create(o: NetworkCreateOptions): Promise<NetworkRecord> {
    if (!o.name) throw new InvalidArgumentError('network name must not be empty');
    if (this.all().some((n) => n.name === o.name)) throw new ConflictError(`network with name ${o.name} already exists`);
    this.o.quota?.checkCount('networks', this.all().filter((n) => !PREDEFINED.has(n.name)).length);
    // The firewall that keeps such a namespace in is IPv4's (iptables): an IPv6 network would be a way around it.
    if (o.enableIPv6 && this.o.outbound === false) {
      throw new QuaiError('forbidden', `namespace "${this.o.namespace}" has no outbound traffic: IPv6 networks (--ipv6) are not available in it`);
    }
    const driver = o.driver || 'bridge';
    if (driver !== 'bridge') {
      if (driver === 'host' || driver === 'null') throw new QuaiError('forbidden', `only one instance of "${driver}" network is allowed`);
      throw new NotFoundError(`plugin "${driver}" not found`);
    }
    // A bridge named by the client must be a new one: never an interface of the host's or of another network.
    const bridgeName = o.options?.['com.docker.network.bridge.name'];
    if (bridgeName && (await linkExists(bridgeName))) throw new ConflictError(`bridge name ${bridgeName} is already in use on this host`);
    const id = randomBytes(32).toString('hex');
    const record: NetworkRecord = {
      id, name: o.name, driver: 'bridge', created: new Date().toISOString(),
      internal: !!o.internal, attachable: !!o.attachable, labels: o.labels ?? {}, options: o.options ?? {},
      bridge: o.options?.['com.docker.network.bridge.name'] || `br-${id.slice(0, 12)}`,
    };
    const v4 = (o.ipam ?? []).filter((c) => !isIPv6Config(c));
    const v6 = (o.ipam ?? []).filter((c) => isIPv6Config(c));
    await withHostLock(async () => {
      Object.assign(record, await this.pickSubnet(v4));
      // As dockerd, IPv6 entries without --ipv6 are ignored.
      if (o.enableIPv6) Object.assign(record, { enableIPv6: true }, this.pickSubnet6(v6));
      await this.bringUp(record);
    });
    try {
      await this.save(record);
      await this.syncFirewall();
    } catch (err) {
      await this.takeDown(record);
      throw err;
    }
    this.o.events.publish('network', 'create', id, { name: o.name, type: 'bridge' });
    return record;
  }

  async remove(ref: string): Promise<void> {
    const n = this.get(ref);
    if (PREDEFINED.has(n.name) && n.driver !== 'bridge' || n.name === 'bridge') {
      throw new QuaiError('forbidden', `${n.name} is a pre-defined network and cannot be removed`);
    }
    if (this.endpointsOf(n).length) throw new QuaiError('forbidden', `error while removing network: network ${n.name} id ${n.id} has active endpoints`);
    this.byId.delete(n.id);
    await rm(join(this.dir, `${n.id}.json`), { force: true });
    await this.takeDown(n);
    await this.syncFirewall();
    this.o.events.publish('network', 'destroy', n.id, { name: n.name, type: n.driver });
  }

  /** User networks that no container refers to. */
  async prune(filters: Map<string, string[]>): Promise<string[]> {
    const deleted: string[] = [];
    const f = new DockerFilters(filters).check(['label', 'label!', 'until']);
    for (const n of this.all()) {
      if (PREDEFINED.has(n.name) || !f.labels(n.labels) || !f.until(Date.parse(n.created))) continue;
      if (this.o.containers().some((c) => Object.values(c.networks ?? {}).some((e) => e.networkId === n.id))) continue;
      await this.remove(n.id).then(() => deleted.push(n.name), () => {});
    }
    return deleted;
  }

  /** Rewrite the daemon's iptables chains from every namespace's state (serialised). */
  syncFirewall(): Promise<void> {
    return this.o.host.syncFirewall();
  }

  private async save(n: NetworkRecord): Promise<void> {
    await writeJsonAtomic(join(this.dir, `${n.id}.json`), n, { reserve: diskReserve(this.o.paths) });
    this.byId.set(n.id, n);
  }

  private async bringUp(n: NetworkRecord): Promise<void> {
    if (n.driver !== 'bridge' || !n.bridge || !n.subnet || !n.gateway) return;
    const gateway6 = n.enableIPv6 && n.subnet6 && n.gateway6 ? `${n.gateway6}/${parseCidr6(n.subnet6).bits}` : undefined;
    await ensureBridge(n.bridge, `${n.gateway}/${parseCidr(n.subnet).bits}`, gateway6);
    this.up.add(n.id);
    const held = this.allocated.get(n.id) ?? new Set<string>();
    held.add(n.gateway);
    if (n.gateway6) held.add(n.gateway6);
    this.allocated.set(n.id, held);
    if (n.name !== 'bridge' && !this.dns.has(n.id)) {
      const server = new DnsServer(n.gateway, { scope: (clientIp) => this.dnsScope(n.id, clientIp) });
      await server.start();
      this.dns.set(n.id, server);
    }
  }

  private async takeDown(n: NetworkRecord): Promise<void> {
    this.dns.get(n.id)?.close();
    this.dns.delete(n.id);
    this.allocated.delete(n.id);
    this.up.delete(n.id);
    if (n.bridge) await deleteLink(n.bridge);
  }

  /**
   * Where a container asking network `id`'s server finds names: its own
   * links' aliases on that network (`--link web:db`, EndpointSettings.Links),
   * then the servers of every network it is on (this one first).
   */
  private dnsScope(id: string, clientIp: string): NameSource[] {
    const own = this.dns.get(id);
    const asker = this.o.containers().find((c) => Object.values(c.networks ?? {}).some((e) => e.networkId === id && e.ip === clientIp));
    const endpoint = Object.values(asker?.networks ?? {}).find((e) => e.networkId === id);
    const others = Object.values(asker?.networks ?? {}).filter((e) => e.networkId !== id).map((e) => this.dns.get(e.networkId));
    const links = endpoint?.links?.length ? [this.linkAliases(id, endpoint.links)] : [];
    return [...links, own, ...others].filter((d): d is NameSource => !!d);
  }

  /** `name:alias` links on network `id`: the alias answers with the named container's addresses there. */
  private linkAliases(id: string, links: string[]): NameSource {
    return {
      lookup: (name) => {
        for (const link of links) {
          const [target, alias = target] = link.split(':') as [string, string?];
          if (alias.toLowerCase() !== name.toLowerCase().replace(/\.$/, '')) continue;
          const child = this.o.containers().find((c) => c.name === target.replace(/^\//, '') || c.id.startsWith(target));
          const ep = Object.values(child?.networks ?? {}).find((e) => e.networkId === id && e.ip);
          if (ep) return [ep.ip!, ...(ep.ip6 ? [ep.ip6] : [])];
        }
        return undefined;
      },
    };
  }

  /** The IPv6 subnet/gateway/ip-range the user gave, checked, or a /64 of the engine's ULA pool. */
  private pickSubnet6(ipam: IpamConfig[], exceptId?: string): Pick<NetworkRecord, 'subnet6' | 'gateway6' | 'ipRange6' | 'gateway6Given'> {
    const cfg = ipam[0] ?? {};
    const ours = this.o.host.subnets6(exceptId);
    let subnet: Cidr6;
    if (cfg.subnet) {
      subnet = parseCidr6(cfg.subnet);
      if (ours.some((t) => overlaps6(t, subnet))) throw new QuaiError('forbidden', 'invalid pool request: Pool overlaps with other one on this address space');
    } else {
      if (cfg.gateway || cfg.ipRange) throw new InvalidArgumentError('invalid pool request: no subnet given for the gateway or ip range');
      subnet = chooseSubnet6(ulaPool(this.o.paths.execRoot), ours);
    }
    const gateway = cfg.gateway || firstHost6(subnet);
    if (!isIPv6(gateway) || !contains6(subnet, ip6ToBigInt(gateway))) throw new InvalidArgumentError(`invalid pool request: gateway ${gateway} is not in subnet ${formatCidr6(subnet)}`);
    if (cfg.ipRange && !contains6(subnet, parseCidr6(cfg.ipRange).base)) throw new InvalidArgumentError(`invalid pool request: ip range ${cfg.ipRange} is not in subnet ${formatCidr6(subnet)}`);
    return {
      subnet6: formatCidr6(subnet), gateway6: gateway, ...(cfg.gateway ? { gateway6Given: true } : {}),
      ...(cfg.ipRange ? { ipRange6: formatCidr6(parseCidr6(cfg.ipRange)) } : {}),
    };
  }

  /** The subnet/gateway/ip-range the user gave, checked, or one that overlaps nothing on the host. */
  private async pickSubnet(ipam: IpamConfig[], exceptId?: string): Promise<Pick<NetworkRecord, 'subnet' | 'gateway' | 'ipRange'>> {
    const cfg = ipam[0] ?? {};
    // Every namespace's subnets: a bridge not up yet holds its subnet all the same.
    const ours = this.o.host.subnets(exceptId);
    let subnet: Cidr;
    if (cfg.subnet) {
      subnet = parseCidr(cfg.subnet);
      if (ours.some((t) => contains(t, subnet.base) || contains(subnet, t.base))) {
        throw new QuaiError('forbidden', `invalid pool request: Pool overlaps with other one on this address space`);
      }
    } else {
      if (cfg.gateway || cfg.ipRange) throw new InvalidArgumentError('invalid pool request: no subnet given for the gateway or ip range');
      const taken = [...ours, ...(await hostSubnets())];
      const pools = this.o.options.addressPools ?? DEFAULT_POOLS;
      // Namespaces are many: theirs are /24s cut from the pools, not Docker's /16s.
      subnet = chooseSubnet(this.o.namespace === 'default' ? pools : pools.map((p) => ({ ...p, size: Math.max(p.size, 24) })), taken);
    }
    const gateway = cfg.gateway || firstHost(subnet);
    if (!contains(subnet, ipToInt(gateway))) throw new InvalidArgumentError(`invalid pool request: gateway ${gateway} is not in subnet ${formatCidr(subnet)}`);
    if (cfg.ipRange && !contains(subnet, parseCidr(cfg.ipRange).base)) throw new InvalidArgumentError(`invalid pool request: ip range ${cfg.ipRange} is not in subnet ${formatCidr(subnet)}`);
    return { subnet: formatCidr(subnet), gateway, ...(cfg.ipRange ? { ipRange: formatCidr(parseCidr(cfg.ipRange)) } : {}) };
  }
}

/** An IPAM entry for IPv6: its subnet (or, lacking one, its gateway or range) is an IPv6 one. */
function isIPv6Config(c: IpamConfig): boolean {
  return (c.subnet ?? c.gateway ?? c.ipRange ?? '').includes(':');
}

function predefined(name: string, driver: NetworkRecord['driver']): NetworkRecord {
  return { id: randomBytes(32).toString('hex'), name, driver, created: new Date().toISOString(), internal: false, attachable: false, labels: {}, options: {} };
}

