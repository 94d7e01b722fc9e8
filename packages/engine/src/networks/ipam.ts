/**
 * IPv4 address management, pure: CIDR arithmetic, picking a subnet that
 * overlaps nothing already routed on the host, and handing out addresses.
 *
 *   subnet 172.18.0.0/16, gateway 172.18.0.1 → containers get .0.2, .0.3, ...
 *   with --ip-range 172.18.5.0/24            → containers get 172.18.5.0 ...
 *                                              (never the network, broadcast or gateway)
 */
import { InvalidArgumentError } from '@quai/common';

export interface Cidr { base: number; bits: number }

export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new InvalidArgumentError(`invalid IPv4 address: ${ip}`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const mask = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** `10.1.2.3/16` → { base: 10.1.0.0, bits: 16 } (host bits cleared). */
export function parseCidr(cidr: string): Cidr {
  const [ip, len] = cidr.split('/');
  const bits = Number(len);
  if (!ip || len === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new InvalidArgumentError(`invalid CIDR address: ${cidr}`);
  return { base: (ipToInt(ip) & mask(bits)) >>> 0, bits };
}

export const formatCidr = (c: Cidr) => `${intToIp(c.base)}/${c.bits}`;
export const size = (c: Cidr) => 2 ** (32 - c.bits);
export const contains = (c: Cidr, ip: number) => ((ip & mask(c.bits)) >>> 0) === c.base;
export const overlaps = (a: Cidr, b: Cidr) => contains(a, b.base) || contains(b, a.base);

/** Split a pool (`172.80.0.0/16` into /24s) into candidate subnets, in order. */
export function* subnetsOf(pool: Cidr, bits: number): Generator<Cidr> {
  if (bits < pool.bits) { yield pool; return; }
  const step = 2 ** (32 - bits);
  for (let i = 0; i < size(pool) / step; i++) yield { base: pool.base + i * step, bits };
}

export interface AddressPool { base: string; size: number }

/** Docker's default pools: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
export const DEFAULT_POOLS: AddressPool[] = [
  ...Array.from({ length: 15 }, (_, i) => ({ base: `172.${17 + i}.0.0/16`, size: 16 })),
  { base: '192.168.0.0/16', size: 20 },
];

/** The first subnet from the pools that overlaps none of `taken`. */
export function chooseSubnet(pools: AddressPool[], taken: Cidr[]): Cidr {
  for (const pool of pools) {
    for (const candidate of subnetsOf(parseCidr(pool.base), pool.size)) {
      if (!taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  throw new InvalidArgumentError('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
}

/** The first usable host address: the gateway by default. */
export const firstHost = (c: Cidr) => intToIp(c.base + (c.bits >= 31 ? 0 : 1));

/** The next free address in `range` (default the subnet), skipping network, broadcast and `used`. */
export function allocate(subnet: Cidr, used: Set<string>, range: Cidr = subnet): string {
  const first = Math.max(range.base, subnet.base + 1);
  const last = Math.min(range.base + size(range) - 1, subnet.base + size(subnet) - 2);
  for (let n = first; n <= last; n++) {
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
  throw new InvalidArgumentError(`no available IPv4 addresses on this network's address pools: ${formatCidr(subnet)}`);
}

/** Docker's MAC for an address: 02:42 then the four bytes of the IP. */
export function macFor(ip: string): string {
  const n = ipToInt(ip);
  return ['02', '42', ...[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
