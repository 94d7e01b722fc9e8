/**
 * Links and namespaces on the host, through iproute2 (and util-linux for
 * the namespace): bridges, per-container network namespaces, veth pairs.
 *
 * A container's namespace is a file under <execRoot>/netns/<id> that holds
 * the namespace by a bind mount (`unshare --net=<file>`), not `ip netns add`:
 * each daemon keeps its namespaces under its own exec root, so daemons side
 * by side never share a name. Unmounting the file ends the namespace and the
 * veth ends inside it, which takes their host peers along.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { run } from '../host/run.js';
import { unmount } from '../host/mount.js';
import { parseCidr, type Cidr } from './ipam.js';

const IP = '/usr/sbin/ip';

/** Every IPv4 subnet the host already uses (addresses and routes), to stay clear of: one `ip` for both. */
export async function hostSubnets(): Promise<Cidr[]> {
  const out: Cidr[] = [];
  const text = await run(IP, ['-4', '-o', '-batch', '-'], { input: 'addr show\nroute show table all\n' });
  for (const line of text.split('\n')) {
    const addr = /\sinet\s+(\d+\.\d+\.\d+\.\d+\/\d+)/.exec(line);
    if (addr) { out.push(parseCidr(addr[1]!)); continue; }
    const route = /^(?:\w+\s+)?(\d+\.\d+\.\d+\.\d+\/\d+)\s/.exec(line);
    if (route && !route[1]!.endsWith('/32')) out.push(parseCidr(route[1]!));
  }
  return out;
}

export async function linkExists(name: string): Promise<boolean> {
  return run(IP, ['link', 'show', 'dev', name]).then(() => true, () => false);
}

/**
 * Create (or fix up) a bridge holding the gateway address, and the IPv6
 * one of a dual-stack network (no duplicate address detection: it is ours
 * to use at once): one `ip` for all of it.
 */
export async function ensureBridge(name: string, gatewayCidr: string, gateway6Cidr?: string): Promise<void> {
  const cmds: string[] = [];
  if (!existsSync(`/sys/class/net/${name}`)) cmds.push(`link add name ${name} type bridge`);
  cmds.push(`addr replace ${gatewayCidr} dev ${name}`);
  if (gateway6Cidr) cmds.push(`addr replace ${gateway6Cidr} dev ${name} nodad`);
  cmds.push(`link set ${name} up`);
  await run(IP, ['-batch', '-'], { input: `${cmds.join('\n')}\n` });
}

/** Delete a link if present (`check` false: just try, one process fewer). */
export async function deleteLink(name: string, check = true): Promise<void> {
  if (!check || (await linkExists(name))) await run(IP, ['link', 'del', name]).catch(() => {});
}

/** A new network namespace bound at `path`, its loopback up, then `inside` run there by the same `ip`. */
export async function createNetns(path: string, inside: string[] = []): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '');
  await run('/usr/bin/unshare', [`--net=${path}`, IP, '-batch', '-'], { input: ['link set lo up', ...inside].join('\n') + '\n' });
}

export async function deleteNetns(path: string): Promise<void> {
  await unmount(path).catch(() => {});
  await rm(path, { force: true });
}

export interface VethSpec {
  netns: string;
  bridge: string;
  /** Host end, at most 15 characters. */
  hostIf: string;
  /** Name inside the container: eth0, eth1... */
  ifname: string;
  ip: string;
  prefixLen: number;
  mac: string;
  /** Default route through this gateway (the container's first non-internal network). */
  defaultGateway?: string;
  /** On a dual-stack network: the IPv6 address, and the IPv6 default route's gateway. */
  ip6?: { address: string; prefixLen: number; defaultGateway?: string };
  /** Extra addresses (`--link-local-ip`), with their prefix: `169.254.1.1/16`. */
  extraAddresses?: string[];
}

/** A veth pair: one end in the bridge, the other configured inside the namespace. */
export async function addVeth(v: VethSpec): Promise<void> {
  // Two processes: the host side in one batch, the namespace side in another.
  const host = [`link add ${v.hostIf} type veth peer name ${v.ifname} address ${v.mac} netns ${v.netns}`, `link set ${v.hostIf} master ${v.bridge} up`];
  try {
    await run(IP, ['-batch', '-'], { input: host.join('\n') + '\n' });
    await run('/usr/bin/nsenter', [`--net=${v.netns}`, IP, '-batch', '-'], { input: insideCommands(v).join('\n') + '\n' });
  } catch (err) {
    await deleteLink(v.hostIf);
    throw err;
  }
}

/**
 * A new namespace (at v.netns) with its loopback up and its first veth: one
 * `unshare … ip` makes the namespace, creates the pair from inside (the
 * host end sent to the daemon's own namespace) and configures it, then one
 * `ip` puts the host end in the bridge. Two processes where createNetns and
 * addVeth take three.
 */
export async function createNetnsWithVeth(v: VethSpec): Promise<void> {
  try {
    await createNetns(v.netns, [`link add ${v.ifname} address ${v.mac} type veth peer name ${v.hostIf} netns ${process.pid}`, ...insideCommands(v)]);
    await run(IP, ['link', 'set', v.hostIf, 'master', v.bridge, 'up']);
  } catch (err) {
    await deleteLink(v.hostIf);
    throw err;
  }
}

/** The namespace side of a veth: addresses, up, default routes. */
function insideCommands(v: VethSpec): string[] {
  const inside = [`addr add ${v.ip}/${v.prefixLen} dev ${v.ifname}`];
  if (v.ip6) inside.push(`addr add ${v.ip6.address}/${v.ip6.prefixLen} dev ${v.ifname} nodad`);
  for (const cidr of v.extraAddresses ?? []) inside.push(`addr add ${cidr} dev ${v.ifname}${cidr.includes(':') ? ' nodad' : ''}`);
  inside.push(`link set ${v.ifname} up`);
  if (v.defaultGateway) inside.push(`route add default via ${v.defaultGateway} dev ${v.ifname}`);
  if (v.ip6?.defaultGateway) inside.push(`route add ::/0 via ${v.ip6.defaultGateway} dev ${v.ifname}`);
  return inside;
}

export async function removeVeth(netns: string, ifname: string, hostIf: string): Promise<void> {
  await run('/usr/bin/nsenter', [`--net=${netns}`, IP, 'link', 'del', ifname]).catch(() => {});
  await deleteLink(hostIf);
}
