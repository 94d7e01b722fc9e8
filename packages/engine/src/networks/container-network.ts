/**
 * A container joining and leaving its networks.
 *
 *   create  endpointsFor()  NetworkMode + EndpointsConfig → c.networks (no addresses yet)
 *   start   attach()        netns → one veth per network (address from IPAM) → DNS names
 *                           → port proxies → firewall; returns what /etc files and the spec need
 *   exit    detach()        the reverse; idempotent, also after a daemon restart
 *   restart restore()       running containers get their addresses, names, proxies back
 */
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { ConflictError, InvalidArgumentError, NotFoundError } from '@quai/common';
import type { ContainerRecord } from '../containers/container-record.js';
import { allocate, macFor, parseCidr } from './ipam.js';
import { allocate6, parseCidr6 } from './ipam6.js';
import { ANY_ENDPOINT, endpointConfig, type EndpointRequest } from './endpoint-config.js';
import { addVeth, createNetns, createNetnsWithVeth, deleteLink, deleteNetns, removeVeth } from './host-net.js';
import { startProxy, type PortProxy } from './port-proxy.js';
import { portRequests, type PortRequest } from './port-spec.js';
import type { EndpointRecord, PortMap } from './endpoint.js';
import type { NetworkRecord } from './network-record.js';
import type { NetworkService } from './network-service.js';

/** Facts for a container's /etc/hosts and resolv.conf. */
export interface EtcNetwork {
  /** The container's own addresses (for its /etc/hosts lines). */
  ips: string[];
  /** `host-gateway` in --add-host: the default bridge's gateway. */
  hostGateway?: string;
  /** The embedded DNS server, for user-defined networks. */
  nameserver?: string;
}

/** What start needs: the namespace for the spec, and the /etc facts. */
export interface Attachment extends EtcNetwork {
  netns: 'new' | 'host' | { path: string };
}

interface Live { proxies: PortProxy[] }

export class ContainerNetworks {
  private readonly live = new Map<string, Live>();

  constructor(
    readonly nets: NetworkService,
    private readonly lookup: (ref: string) => ContainerRecord,
    /** The namespace's own host address: ports published on all addresses bind there instead. */
    private readonly publishAddress = '',
  ) {}

  /**
   * At create: the networks a container joins, validated. Docker's `default`
   * is `bridge`. A container-wide MacAddress (Config.MacAddress, deprecated
   * since API 1.44) belongs to the main network's endpoint, as dockerd moves it.
   */
  endpointsFor(networkMode: string, endpoints: Record<string, EndpointRequest>, containerMac?: string): Record<string, EndpointRecord> {
    const mode = !networkMode || networkMode === 'default' ? 'bridge' : networkMode;
    if (mode.startsWith('container:')) return {};
    const n = this.nets.get(mode);
    const configs: Record<string, EndpointRequest> = { ...endpoints };
    if (!Object.keys(configs).length) configs[n.name] = ANY_ENDPOINT;
    if (containerMac) {
      if (n.driver !== 'bridge') throw new InvalidArgumentError('conflicting options: mac-address and the network mode');
      const key = Object.keys(configs).find((k) => this.nets.find(k)?.id === n.id) ?? n.name;
      const main = configs[key] ?? ANY_ENDPOINT;
      if (main.mac && main.mac.toLowerCase() !== containerMac.toLowerCase()) {
        throw new InvalidArgumentError('the container-wide MAC address must match the endpoint-specific MAC address for the main network, or be left empty');
      }
      configs[key] = { ...main, mac: containerMac };
    }
    const out: Record<string, EndpointRecord> = {};
    for (const [ref, cfg] of Object.entries(configs)) {
      const net = this.nets.get(ref);
      if ((net.driver !== 'bridge') !== (n.driver !== 'bridge') || (net.driver !== 'bridge' && net.id !== n.id)) {
        throw new InvalidArgumentError(`container cannot be disconnected from host network or connected to host network`);
      }
      out[net.name] = endpointConfig(net, cfg);
    }
    return out;
  }

  async attach(c: ContainerRecord): Promise<Attachment> {
    const mode = c.hostConfig.NetworkMode ?? 'bridge';
    const hostGateway = this.nets.find('bridge')?.gateway;
    if (mode === 'host') return { netns: 'host', ips: [], hostGateway };
    if (mode === 'none') return { netns: 'new', ips: [], hostGateway };
    if (mode.startsWith('container:')) return { netns: { path: this.netnsOf(mode.slice('container:'.length)) }, ips: [], hostGateway };
    const path = this.nets.netnsPath(c.id);
    const live: Live = { proxies: [] };
    this.live.set(c.id, live);
    try {
      c.netns = path;
      const endpoints = Object.entries(c.networks ?? {});
      // The namespace is made with its first endpoint (one process fewer), or alone.
      if (!endpoints.length) await createNetns(path);
      for (const [index, [name, ep]] of endpoints.entries()) {
        await this.addEndpoint(c, name, ep, `eth${index}`, { newNetns: index === 0 });
      }
      // Rules follow networks and published ports only: a container without ports changes none.
      if (await this.publish(c, live)) await this.nets.syncFirewall();
    } catch (err) {
      await this.detach(c);
      throw err;
    }
    return { netns: { path }, ...this.etcNetwork(c) };
  }

  /**
   * What the container's /etc files say of its networks: its addresses, and
   * the embedded DNS server of its first user-defined network, which
   * answers for all of them (network-service.ts dnsScope).
   */
  etcNetwork(c: ContainerRecord): EtcNetwork {
    const hostGateway = this.nets.find('bridge')?.gateway;
    const eps = Object.values(c.networks ?? {});
    const userNet = eps.filter((e) => e.ip).map((e) => this.nets.find(e.networkId)).find((n) => n && n.name !== 'bridge');
    return { ips: eps.flatMap((e) => [e.ip, e.ip6]).filter((ip): ip is string => !!ip), hostGateway, nameserver: userNet?.gateway };
  }

  /** `--network container:<ref>`: the namespace of another running container. */
  private netnsOf(ref: string): string {
    const other = this.lookup(ref);
    if (!other.state.pid) throw new ConflictError(`cannot join network namespace of a non running container: ${other.id}`);
    return `/proc/${other.state.pid}/ns/net`;
  }

  /** Stop listening on the container's host ports at once (the rest waits for detach). */
  closePorts(id: string): void {
    for (const p of this.live.get(id)?.proxies.splice(0) ?? []) p.close();
  }

  /** Daemon stop: listeners go, containers (and their namespaces) stay. */
  async close(): Promise<void> {
    for (const id of this.live.keys()) this.closePorts(id);
  }

  /** Release everything the container holds on the host; safe to call twice. */
  async detach(c: ContainerRecord): Promise<void> {
    const live = this.live.get(c.id);
    this.live.delete(c.id);
    for (const p of live?.proxies ?? []) p.close();
    const hadPorts = this.nets.published.delete(c.id);
    for (const [, ep] of Object.entries(c.networks ?? {})) this.releaseEndpoint(c, ep);
    if (c.netns) {
      for (const ep of Object.values(c.networks ?? {})) if (ep.endpointId) await deleteLink(hostIf(ep.endpointId), false);
      await deleteNetns(c.netns);
    }
    for (const ep of Object.values(c.networks ?? {})) clearRuntime(ep);
    c.netns = undefined;
    c.ports = undefined;
    if (hadPorts) await this.nets.syncFirewall().catch(() => {});
  }

  /** After a daemon restart: a running container gets its names and proxies back; a dead one is cleaned. */
  async restore(c: ContainerRecord, running: boolean): Promise<void> {
    if (!running || !c.netns || !(await access(c.netns).then(() => true, () => false))) {
      // Stale fields of a stopped container (cleared in memory, not yet saved): their
      // addresses may belong to running containers now, so release nothing from IPAM.
      if (c.netns) await deleteNetns(c.netns);
      for (const ep of Object.values(c.networks ?? {})) clearRuntime(ep);
      c.netns = undefined;
      c.ports = undefined;
      return;
    }
    const live: Live = { proxies: [] };
    this.live.set(c.id, live);
    for (const [, ep] of Object.entries(c.networks ?? {})) {
      if (!ep.ip) continue;
      const net = this.nets.find(ep.networkId);
      if (net) await this.nets.ensureUp(net);
      for (const ip of [ep.ip, ep.ip6]) {
        if (!ip) continue;
        this.nets.allocated.get(ep.networkId)?.add(ip);
        this.nets.dns.get(ep.networkId)?.add(dnsNames(c, ep), ip);
      }
      this.nets.dns.get(ep.networkId)?.setUpstreams(ep.ip, c.hostConfig.Dns ?? []);
    }
    await this.publish(c, live, c.ports);
  }

  /** `network connect` of a running container: one more veth. */
  async connect(c: ContainerRecord, net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    c.networks = { ...(c.networks ?? {}), [net.name]: ep };
    if (!c.netns) return;
    const used = new Set(Object.values(c.networks).map((e) => e.ifname).filter(Boolean));
    let i = 0;
    while (used.has(`eth${i}`)) i++;
    await this.addEndpoint(c, net.name, ep, `eth${i}`);
    await this.nets.syncFirewall();
  }

  async disconnect(c: ContainerRecord, net: NetworkRecord): Promise<void> {
    const entry = Object.entries(c.networks ?? {}).find(([, e]) => e.networkId === net.id);
    if (!entry) throw new NotFoundError(`container ${c.id} is not connected to network ${net.name}`);
    const [name, ep] = entry;
    if (c.netns && ep.ifname && ep.endpointId) await removeVeth(c.netns, ep.ifname, hostIf(ep.endpointId));
    this.releaseEndpoint(c, ep);
    delete c.networks![name];
  }

  private async addEndpoint(c: ContainerRecord, name: string, ep: EndpointRecord, ifname: string, opts: { newNetns?: boolean } = {}): Promise<void> {
    const net = this.nets.find(ep.networkId) ?? this.nets.find(name);
    if (!net || net.driver !== 'bridge') throw new NotFoundError(`network ${name} not found`);
    await this.nets.ensureUp(net);
    ep.networkId = net.id;
    const held = this.nets.allocated.get(net.id) ?? new Set<string>();
    this.nets.allocated.set(net.id, held);
    for (const asked of [ep.ipv4Requested, ep.ipv6Requested]) if (asked && held.has(asked)) throw new InvalidArgumentError(`Address already in use`);
    const ip = ep.ipv4Requested ?? allocate(parseCidr(net.subnet!), held, net.ipRange ? parseCidr(net.ipRange) : undefined);
    const dual = net.enableIPv6 && net.subnet6;
    const ip6 = dual ? ep.ipv6Requested ?? allocate6(parseCidr6(net.subnet6!), held, net.ipRange6 ? parseCidr6(net.ipRange6) : undefined) : undefined;
    held.add(ip);
    if (ip6) held.add(ip6);
    Object.assign(ep, {
      endpointId: randomBytes(32).toString('hex'), ip, prefixLen: parseCidr(net.subnet!).bits, gateway: net.gateway,
      ...(ip6 ? { ip6, prefixLen6: parseCidr6(net.subnet6!).bits, gateway6: net.gateway6 } : {}),
      mac: ep.macRequested ?? macFor(ip), ifname,
    });
    const first = ifname === 'eth0';
    try {
      await (opts.newNetns ? createNetnsWithVeth : addVeth)({
        netns: c.netns!, bridge: net.bridge!, hostIf: hostIf(ep.endpointId!), ifname, ip, prefixLen: ep.prefixLen!, mac: ep.mac!,
        defaultGateway: first && !net.internal ? net.gateway : undefined,
        ...(ip6 ? { ip6: { address: ip6, prefixLen: ep.prefixLen6!, defaultGateway: first && !net.internal ? net.gateway6 : undefined } } : {}),
        extraAddresses: (ep.linkLocalIps ?? []).map((a) => `${a}/${a.includes(':') ? 64 : 16}`),
      });
    } catch (err) {
      held.delete(ip);
      if (ip6) held.delete(ip6);
      clearRuntime(ep);
      throw err;
    }
    for (const address of [ip, ip6]) if (address) this.nets.dns.get(net.id)?.add(dnsNames(c, ep), address);
    this.nets.dns.get(net.id)?.setUpstreams(ip, c.hostConfig.Dns ?? []);
    this.nets.emit('connect', net.id, c.id);
  }

  private releaseEndpoint(c: ContainerRecord, ep: EndpointRecord): void {
    if (!ep.ip) return;
    for (const ip of [ep.ip, ep.ip6]) {
      if (!ip) continue;
      this.nets.allocated.get(ep.networkId)?.delete(ip);
      this.nets.dns.get(ep.networkId)?.remove(dnsNames(c, ep), ip);
    }
    this.nets.dns.get(ep.networkId)?.setUpstreams(ep.ip, []);
    this.nets.emit('disconnect', ep.networkId, c.id);
  }

  /** Bind the host ports (the ones recorded, after a restart) and record what was bound. */
  private async publish(c: ContainerRecord, live: Live, previous?: PortMap): Promise<boolean> {
    const requests = portRequests(c.hostConfig, c.config.ExposedPorts ?? undefined);
    const ep = Object.values(c.networks ?? {}).find((e) => e.ip);
    if (!requests.length || !ep) return false;
    if (this.publishAddress) for (const r of requests) r.hostIp = this.namespaceAddress(r.hostIp);
    const net = this.nets.find(ep.networkId)!;
    const ports: PortMap = {};
    const published = [];
    const again = Object.entries(previous ?? {}).flatMap(([key, list]) => list.map((b) => ({ key, ...b })));
    for (const r of requests) {
      const before = again.find((b) => b.key === r.key && b.HostIp === r.hostIp);
      const proxy = await bind(r, ep.ip!, before ? Number(before.HostPort) : undefined);
      live.proxies.push(proxy);
      (ports[r.key] ??= []).push({ HostIp: r.hostIp || '0.0.0.0', HostPort: String(proxy.hostPort) });
      published.push({ bridge: net.bridge!, proto: r.proto, hostIp: r.hostIp, hostPort: proxy.hostPort, ip: ep.ip!, port: r.port });
    }
    c.ports = ports;
    this.nets.published.set(c.id, published);
    return true;
  }

  private namespaceAddress(asked: string): string {
    if (!asked || asked === '0.0.0.0' || asked === this.publishAddress) return this.publishAddress;
    throw new InvalidArgumentError(`ports of this namespace are published on ${this.publishAddress} only, not ${asked}`);
  }
}

/** A port from the request's range (or any), the one recorded before when restoring. */
async function bind(r: PortRequest, ip: string, previous?: number): Promise<PortProxy> {
  const base = { proto: r.proto, hostIp: r.hostIp, ip, port: r.port };
  if (previous) return startProxy({ ...base, hostPort: previous });
  const [lo, hi] = r.hostPorts;
  if (lo === hi) return startProxy({ ...base, hostPort: lo });
  let last: unknown;
  for (let p = lo; p <= hi; p++) {
    try { return await startProxy({ ...base, hostPort: p }); } catch (err) { last = err; }
  }
  throw last;
}

function dnsNames(c: ContainerRecord, ep: EndpointRecord): string[] {
  return [c.name, c.id.slice(0, 12), ...ep.aliases];
}

function clearRuntime(ep: EndpointRecord): void {
  delete ep.endpointId; delete ep.ip; delete ep.prefixLen; delete ep.gateway; delete ep.mac; delete ep.ifname;
  delete ep.ip6; delete ep.prefixLen6; delete ep.gateway6;
}

export const hostIf = (endpointId: string) => `veth${endpointId.slice(0, 11)}`;
