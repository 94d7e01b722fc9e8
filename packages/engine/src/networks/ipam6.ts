/**
 * IPv6 address management, pure, as ipam.ts is for IPv4: 128-bit addresses
 * as bigints, parsed and printed by ipaddr.js (RFC 5952 text).
 *
 *   subnet fd00:77::/64          → gateway fd00:77::1, containers fd00:77::2, ::3, ...
 *   --ipv6 with no subnet        → a /64 of the engine's own ULA /48 (Docker's
 *                                  default pool: fd00::/8 and 40 bits of a hash)
 */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { InvalidArgumentError } from '@quai/common';

export interface Cidr6 { base: bigint; bits: number }

const ALL = (1n << 128n) - 1n;

export function isIPv6(text: string): boolean {
  return ipaddr.IPv6.isValid(text) && text.includes(':');
}

export function ip6ToBigInt(text: string): bigint {
  if (!isIPv6(text)) throw new InvalidArgumentError(`invalid IPv6 address: ${text}`);
  return ipaddr.IPv6.parse(text).toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

export function bigIntToIp6(n: bigint): string {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

const mask6 = (bits: number) => (bits === 0 ? 0n : (ALL << BigInt(128 - bits)) & ALL);

/** `fd00:77::5/64` → { base: fd00:77::, bits: 64 } (host bits cleared). */
export function parseCidr6(cidr: string): Cidr6 {
  const [ip, len] = cidr.split('/');
  const bits = Number(len);
  if (!ip || len === undefined || !/^\d+$/.test(len) || bits > 128 || !isIPv6(ip)) throw new InvalidArgumentError(`invalid CIDR address: ${cidr}`);
  return { base: ip6ToBigInt(ip) & mask6(bits), bits };
}

export const formatCidr6 = (c: Cidr6) => `${bigIntToIp6(c.base)}/${c.bits}`;
export const contains6 = (c: Cidr6, ip: bigint) => (ip & mask6(c.bits)) === c.base;
export const overlaps6 = (a: Cidr6, b: Cidr6) => contains6(a, b.base) || contains6(b, a.base);

/** The first address after the subnet's own: the gateway by default. */
export const firstHost6 = (c: Cidr6) => bigIntToIp6(c.base + 1n);

/** The next free address in `range` (default the subnet), from ::2 up when the range is the subnet. */
export function allocate6(subnet: Cidr6, used: Set<string>, range: Cidr6 = subnet): string {
  const last = range.base + (1n << BigInt(128 - range.bits)) - 1n;
  // A bounded walk: a /64 has more addresses than any network has containers.
  let n = range.base > subnet.base ? range.base : subnet.base + 1n;
  for (let tries = 0; n <= last && tries < 1 << 20; n++, tries++) {
    const ip = bigIntToIp6(n);
    if (!used.has(ip)) return ip;
  }
  throw new InvalidArgumentError(`no available IPv6 addresses on this network's address pools: ${formatCidr6(subnet)}`);
}

/**
 * The engine's own unique local /48 (RFC 4193: fd00::/8 and a 40-bit global
 * ID), derived from what tells engines apart, as dockerd derives its from
 * the host ID; networks get /64s from it.
 */
export function ulaPool(seed: string): Cidr6 {
  const globalId = BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 10)}`);
  return { base: (0xfdn << 120n) | (globalId << 80n), bits: 48 };
}

/** The first /64 of the pool that overlaps none of `taken`. */
export function chooseSubnet6(pool: Cidr6, taken: Cidr6[]): Cidr6 {
  for (let i = 0n; i < 1n << 16n; i++) {
    const candidate = { base: pool.base | (i << 64n), bits: 64 };
    if (!taken.some((t) => overlaps6(t, candidate))) return candidate;
  }
  throw new InvalidArgumentError('could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network');
}
