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
import { ConflictError, InvalidArgumentError, NotFoundError, type HostConfig } from '@quai/common';
import type { ContainerRecord } from '../containers/container-record.js';
import { allocate, ipToInt, contains, macFor, parseCidr } from './ipam.js';
import { addVeth, createNetns, deleteLink, deleteNetns, removeVeth } from './host-net.js';
import { startProxy, type PortProxy } from './port-proxy.js';
import { portRequests, type PortRequest } from './port-spec.js';
import type { EndpointRecord, PortMap } from './endpoint.js';
import type { NetworkRecord } from './network-record.js';
import type { NetworkService } from './network-service.js';

/** What start needs: the namespace for the spec, and facts for /etc/hosts and resolv.conf. */
export interface Attachment {
  netns: 'new' | 'host' | { path: string };
  /** The container's own addresses (for its /etc/hosts line). */
  ips: string[];
  /** `host-gateway` in --add-host: the default bridge's gateway. */
  hostGateway?: string;
  /** The embedded DNS server, for user-defined networks. */
  nameserver?: string;
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

  /** At create: the networks a container joins, validated. Docker's `default` is `bridge`. */
  endpointsFor(hc: HostConfig, endpointsConfig: Record<string, unknown> | undefined): Record<string, EndpointRecord> {
    const mode = !hc.NetworkMode || hc.NetworkMode === 'default' ? 'bridge' : hc.NetworkMode;
    hc.NetworkMode = mode;
    if (mode.startsWith('container:')) return {};
    const n = this.nets.get(mode);
    const out: Record<string, EndpointRecord> = {};
    const configs = (endpointsConfig ?? {}) as Record<string, { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }>;
    const entries = Object.keys(configs).length ? Object.entries(configs) : [[n.name, {}] as const];
    for (const [ref, cfg] of entries) {
      const net = this.nets.get(ref === 'default' ? 'bridge' : ref);
      if ((net.driver !== 'bridge') !== (n.driver !== 'bridge') || (net.driver !== 'bridge' && net.id !== n.id)) {
        throw new InvalidArgumentError(`container cannot be disconnected from host network or connected to host network`);
      }
      out[net.name] = this.endpointConfig(net, cfg ?? {});
    }
    return out;
  }

  endpointConfig(net: NetworkRecord, cfg: { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null }): EndpointRecord {
    const requested = cfg.IPAMConfig?.IPv4Address || undefined;
    if ((cfg.Aliases?.length || requested) && net.name === 'bridge') {
      throw new InvalidArgumentError('user specified IP address is supported on user defined networks only');
    }
    if (requested && !contains(parseCidr(net.subnet!), ipToInt(requested))) {
      throw new InvalidArgumentError(`no configured subnet or ip-range contain the IP address ${requested}`);
    }
    return { networkId: net.id, aliases: cfg.Aliases ?? [], ...(requested ? { ipv4Requested: requested } : {}) };
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
      await createNetns(path);
      c.netns = path;
      let index = 0;
      for (const [name, ep] of Object.entries(c.networks ?? {})) {
        await this.addEndpoint(c, name, ep, `eth${index++}`);
      }
      // Rules follow networks and published ports only: a container without ports changes none.
      if (await this.publish(c, live)) await this.nets.syncFirewall();
    } catch (err) {
      await this.detach(c);
      throw err;
    }
    const eps = Object.values(c.networks ?? {});
    const userNet = eps.map((e) => this.nets.find(e.networkId)).find((n) => n && n.name !== 'bridge');
    return { netns: { path }, ips: eps.map((e) => e.ip!).filter(Boolean), hostGateway, nameserver: userNet?.gateway };
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
      this.nets.allocated.get(ep.networkId)?.add(ep.ip);
      this.nets.dns.get(ep.networkId)?.add(dnsNames(c, ep), ep.ip);
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

  private async addEndpoint(c: ContainerRecord, name: string, ep: EndpointRecord, ifname: string): Promise<void> {
    const net = this.nets.find(ep.networkId) ?? this.nets.find(name);
    if (!net || net.driver !== 'bridge') throw new NotFoundError(`network ${name} not found`);
    await this.nets.ensureUp(net);
    ep.networkId = net.id;
    const held = this.nets.allocated.get(net.id) ?? new Set<string>();
    this.nets.allocated.set(net.id, held);
    if (ep.ipv4Requested && held.has(ep.ipv4Requested)) throw new InvalidArgumentError(`Address already in use`);
    const ip = ep.ipv4Requested ?? allocate(parseCidr(net.subnet!), held, net.ipRange ? parseCidr(net.ipRange) : undefined);
    held.add(ip);
    Object.assign(ep, {
      endpointId: randomBytes(32).toString('hex'), ip, prefixLen: parseCidr(net.subnet!).bits, gateway: net.gateway, mac: macFor(ip), ifname,
    });
    const first = ifname === 'eth0';
    await addVeth({
      netns: c.netns!, bridge: net.bridge!, hostIf: hostIf(ep.endpointId!), ifname, ip, prefixLen: ep.prefixLen!, mac: ep.mac!,
      defaultGateway: first && !net.internal ? net.gateway : undefined,
    });
    this.nets.dns.get(net.id)?.add(dnsNames(c, ep), ip);
    this.nets.dns.get(net.id)?.setUpstreams(ip, c.hostConfig.Dns ?? []);
    this.nets.emit('connect', net.id, c.id);
  }

  private releaseEndpoint(c: ContainerRecord, ep: EndpointRecord): void {
    if (!ep.ip) return;
    this.nets.allocated.get(ep.networkId)?.delete(ep.ip);
    this.nets.dns.get(ep.networkId)?.remove(dnsNames(c, ep), ep.ip);
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
}

export const hostIf = (endpointId: string) => `veth${endpointId.slice(0, 11)}`;
