/**
 * iptables rules, derived wholly from state: every change rewrites the
 * daemon's own chains in one `iptables-restore --noflush` (declaring a
 * chain there empties it), so there is nothing to diff and nothing left
 * behind. Chain names carry a prefix per daemon (per exec root):
 *
 *   filter FORWARD     → <P>-FWD   isolation between networks, --internal, accepts
 *   filter INPUT       → <P>-IN    networks without outbound: the host itself is out of reach too
 *   nat PREROUTING     → <P>-DNAT  published ports (traffic from elsewhere)
 *   nat OUTPUT         → <P>-DNAT  published ports (host to its own non-loopback addresses)
 *   nat POSTROUTING    → <P>-POST  masquerade of traffic leaving a network
 *
 * Traffic to 127.0.0.1 is not DNATed: the userland proxy (port-proxy.ts)
 * answers it, as Docker's docker-proxy does. Uses whichever `iptables` the
 * host selects (nft backend on Debian 12), consistently.
 */
import { run } from '../host/run.js';

/**
 * outbound false: no new connection out of the network, beyond the host or
 * to the host itself (a service it runs on 0.0.0.0, through the gateway),
 * but the embedded DNS server at the gateway; answers to published ports and
 * to the host's own connections still go back.
 */
export interface FirewallNetwork { bridge: string; subnet: string; internal: boolean; outbound?: boolean }
export interface PublishedPort { bridge: string; proto: 'tcp' | 'udp'; hostIp: string; hostPort: number; ip: string; port: number }
export interface FirewallState { networks: FirewallNetwork[]; published: PublishedPort[] }

const IPTABLES = '/usr/sbin/iptables';
const RESTORE = '/usr/sbin/iptables-restore';

export function chainNames(prefix: string) {
  return { fwd: `${prefix}-FWD`, in: `${prefix}-IN`, dnat: `${prefix}-DNAT`, post: `${prefix}-POST` };
}

/** The iptables-restore input for the daemon's chains. Pure. */
export function renderRules(prefix: string, s: FirewallState): string {
  const c = chainNames(prefix);
  const fwd: string[] = [];
  for (const n of s.networks) {
    for (const other of s.networks) if (other.bridge !== n.bridge) fwd.push(`-A ${c.fwd} -i ${n.bridge} -o ${other.bridge} -j DROP`);
    if (n.internal) {
      fwd.push(`-A ${c.fwd} -i ${n.bridge} ! -o ${n.bridge} -j DROP`, `-A ${c.fwd} -o ${n.bridge} ! -i ${n.bridge} -j DROP`);
    } else if (n.outbound === false) {
      fwd.push(`-A ${c.fwd} -i ${n.bridge} ! -o ${n.bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, `-A ${c.fwd} -i ${n.bridge} ! -o ${n.bridge} -j DROP`);
    }
  }
  for (const n of s.networks) {
    fwd.push(`-A ${c.fwd} -i ${n.bridge} -o ${n.bridge} -j ACCEPT`);
    if (n.internal) continue;
    fwd.push(`-A ${c.fwd} -o ${n.bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
    fwd.push(`-A ${c.fwd} -i ${n.bridge} ! -o ${n.bridge} -j ACCEPT`);
  }
  const dnat: string[] = [];
  for (const p of s.published) {
    fwd.push(`-A ${c.fwd} -d ${p.ip}/32 ! -i ${p.bridge} -o ${p.bridge} -p ${p.proto} -m ${p.proto} --dport ${p.port} -j ACCEPT`);
    if (p.hostIp.startsWith('127.')) continue;
    const dst = p.hostIp && p.hostIp !== '0.0.0.0' ? ` -d ${p.hostIp}/32` : '';
    dnat.push(`-A ${c.dnat}${dst} ! -i ${p.bridge} -p ${p.proto} -m ${p.proto} --dport ${p.hostPort} -j DNAT --to-destination ${p.ip}:${p.port}`);
  }
  const post = s.networks.filter((n) => !n.internal).map((n) => `-A ${c.post} -s ${n.subnet} ! -o ${n.bridge} -j MASQUERADE`);
  const input = s.networks.filter((n) => n.outbound === false).flatMap((n) => [
    `-A ${c.in} -i ${n.bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `-A ${c.in} -i ${n.bridge} -p udp -m udp --dport 53 -j ACCEPT`,
    `-A ${c.in} -i ${n.bridge} -p tcp -m tcp --dport 53 -j ACCEPT`,
    `-A ${c.in} -i ${n.bridge} -j DROP`,
  ]);
  return [
    '*filter', `:${c.fwd} - [0:0]`, ...fwd, `:${c.in} - [0:0]`, ...input, 'COMMIT',
    '*nat', `:${c.dnat} - [0:0]`, `:${c.post} - [0:0]`, ...dnat, ...post, 'COMMIT', '',
  ].join('\n');
}

/** The jumps from the built-in chains into ours. */
function jumps(prefix: string): Array<[table: string, chain: string, rule: string[]]> {
  const c = chainNames(prefix);
  return [
    ['filter', 'FORWARD', ['-j', c.fwd]],
    ['filter', 'INPUT', ['-j', c.in]],
    ['nat', 'PREROUTING', ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', c.dnat]],
    ['nat', 'OUTPUT', ['!', '-d', '127.0.0.0/8', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', c.dnat]],
    ['nat', 'POSTROUTING', ['-j', c.post]],
  ];
}

const jumpsInPlace = new Set<string>();

/** Write the chains; the jumps into them are checked once per daemon (and after removeRules). */
export async function applyRules(prefix: string, s: FirewallState): Promise<void> {
  await run(RESTORE, ['-w', '--noflush'], { input: renderRules(prefix, s) });
  if (jumpsInPlace.has(prefix)) return;
  for (const [table, chain, rule] of jumps(prefix)) {
    const present = await run(IPTABLES, ['-w', '-t', table, '-C', chain, ...rule]).then(() => true, () => false);
    if (!present) await run(IPTABLES, ['-w', '-t', table, '-I', chain, '1', ...rule]);
  }
  jumpsInPlace.add(prefix);
}

/** Remove the jumps and the chains: the daemon leaves no rule behind. */
export async function removeRules(prefix: string): Promise<void> {
  jumpsInPlace.delete(prefix);
  for (const [table, chain, rule] of jumps(prefix)) {
    while (await run(IPTABLES, ['-w', '-t', table, '-D', chain, ...rule]).then(() => true, () => false)) { /* duplicates too */ }
  }
  const c = chainNames(prefix);
  for (const [table, name] of [['filter', c.fwd], ['filter', c.in], ['nat', c.dnat], ['nat', c.post]] as const) {
    await run(IPTABLES, ['-w', '-t', table, '-F', name]).catch(() => {});
    await run(IPTABLES, ['-w', '-t', table, '-X', name]).catch(() => {});
  }
}
