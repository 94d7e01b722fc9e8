/**
 * What every namespace's networks share on the host: one set of iptables
 * chains per daemon (rendered from all namespaces' networks and published
 * ports at once, so namespaces are isolated by the same rules that isolate
 * networks), the bridge names, and the subnets already taken.
 *
 * Names are per daemon so daemons side by side never collide: chains are
 * `QUAI[-<hash>]-*`; the default namespace's default bridge is `quai0` for
 * the default exec root (/run/quai) and `q<hash>0` otherwise; another
 * namespace's default bridge is `qn<hash of exec root and namespace>`.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { EnginePaths } from '../paths.js';
import { applyRules, removeRules, type FirewallNetwork, type PublishedPort } from './firewall.js';
import { deleteLink } from './host-net.js';
import type { Cidr } from './ipam.js';
import type { Cidr6 } from './ipam6.js';

/** What one namespace's networks contribute to the host's rules. */
export interface NetworkParticipant {
  firewallNetworks(): FirewallNetwork[];
  publishedPorts(): PublishedPort[];
  subnets(exceptId?: string): Cidr[];
  subnets6(exceptId?: string): Cidr6[];
  bridges(): string[];
  /** Stop its DNS servers (daemon stop); bridges stay while containers run. */
  closeServers(): void;
}

export class HostNetworking {
  readonly chainPrefix: string;
  private readonly participants = new Set<NetworkParticipant>();
  private syncing: Promise<void> = Promise.resolve();
  /** Bridges the rules written last know of. */
  private synced = new Set<string>();
  private forwarding?: Promise<void>;
  private readonly custom: boolean;
  private readonly hash: string;

  constructor(private readonly paths: EnginePaths) {
    this.custom = paths.execRoot !== '/run/quai';
    this.hash = createHash('sha256').update(paths.execRoot).digest('hex').slice(0, 6);
    this.chainPrefix = this.custom ? `QUAI-${this.hash}` : 'QUAI';
  }

  /** The Linux bridge of a namespace's default `bridge` network (at most 15 characters). */
  defaultBridgeName(namespace: string): string {
    if (namespace === 'default') return this.custom ? `q${this.hash}0` : 'quai0';
    return `qn${createHash('sha256').update(`${this.paths.execRoot}\0${namespace}`).digest('hex').slice(0, 10)}`;
  }

  join(p: NetworkParticipant): void { this.participants.add(p); }
  leave(p: NetworkParticipant): void { this.participants.delete(p); }

  /** Subnets every namespace's networks hold (one network's own left out when it is re-picked). */
  subnets(exceptId?: string): Cidr[] {
    return [...this.participants].flatMap((p) => p.subnets(exceptId));
  }

  subnets6(exceptId?: string): Cidr6[] {
    return [...this.participants].flatMap((p) => p.subnets6(exceptId));
  }

  /** Containers' traffic out of their networks is routed by the host. */
  enableForwarding(): Promise<void> {
    this.forwarding ??= (async () => {
      if ((await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim() !== '1') await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
    })();
    return this.forwarding;
  }

  /** Rewrite the daemon's iptables chains from every namespace's state (serialised). */
  syncFirewall(): Promise<void> {
    const next = this.syncing.catch(() => {}).then(async () => {
      const networks = [...this.participants].flatMap((p) => p.firewallNetworks());
      await applyRules(this.chainPrefix, { networks, published: [...this.participants].flatMap((p) => p.publishedPorts()) });
      this.synced = new Set(networks.map((n) => n.bridge));
    });
    this.syncing = next;
    return next;
  }

  inFirewall(bridge: string): boolean {
    return this.synced.has(bridge);
  }

  /** Daemon stop: DNS servers go; with no container left running anywhere, bridges and rules go too. */
  async close(containersRunning: boolean): Promise<void> {
    for (const p of this.participants) p.closeServers();
    if (containersRunning) return;
    for (const p of this.participants) for (const bridge of p.bridges()) await deleteLink(bridge);
    await this.syncing.catch(() => {});
    this.synced.clear();
    await removeRules(this.chainPrefix).catch(() => {});
  }
}
