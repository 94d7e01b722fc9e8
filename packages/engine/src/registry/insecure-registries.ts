/**
 * `--insecure-registry` entries as dockerd reads them: an entry that parses
 * as a CIDR (`10.0.0.0/8`) is matched against a registry's IP address; any
 * other entry is a `host[:port]` name matched as written. Loopback
 * (`::1/128`, `127.0.0.0/8`) is always insecure. `docker info` shows the two
 * kinds apart (RegistryConfig.InsecureRegistryCIDRs and IndexConfigs), and
 * the docker CLI parses every InsecureRegistryCIDRs entry as a CIDR.
 */
import ipaddr from 'ipaddr.js';
import { InvalidArgumentError } from '@quai/common';

export interface InsecureRegistries {
  /** Normalised CIDRs (host bits cleared), loopback first. */
  cidrs: string[];
  /** `host` or `host:port` names, as given. */
  hosts: string[];
}

const LOOPBACK_CIDRS = ['::1/128', '127.0.0.0/8'];
const HOST_PORT = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/;

/** Splits `--insecure-registry` entries; a malformed entry is an error, as dockerd refuses to start with one. */
export function parseInsecureRegistries(entries: string[]): InsecureRegistries {
  const cidrs = new Set<string>();
  const hosts: string[] = [];
  for (const raw of [...LOOPBACK_CIDRS, ...entries]) {
    const entry = withoutScheme(raw);
    const cidr = normalisedCidr(entry);
    if (cidr) cidrs.add(cidr);
    else if (HOST_PORT.test(entry) && !entry.startsWith('-') && !entry.endsWith('-')) {
      if (!hosts.includes(entry)) hosts.push(entry);
    } else throw new InvalidArgumentError(`insecure registry ${raw} is not valid: invalid host "${entry}"`);
  }
  return { cidrs: [...cidrs], hosts };
}

/** Whether `host` (`host`, `host:port`, `[v6]:port`) may be reached over plain HTTP. */
export function isInsecureHost(host: string, insecure: InsecureRegistries): boolean {
  if (insecure.hosts.includes(host)) return true;
  const bare = host.replace(/^\[(.*)\](?::\d+)?$/, '$1').replace(/^([^:]*):\d+$/, '$1');
  if (bare === 'localhost' || insecure.hosts.includes(bare)) return true;
  if (!isIpLiteral(bare)) return false;
  const addr = unmapped(ipaddr.parse(bare));
  return insecure.cidrs.some((c) => {
    const [net, bits] = ipaddr.parseCIDR(c);
    return net.kind() === addr.kind() && addr.match(net, bits);
  });
}

// dockerd drops an http:// or https:// prefix with a warning.
function withoutScheme(entry: string): string {
  const m = /^(https?):\/\/(.*)$/i.exec(entry);
  if (m) return m[2]!;
  if (entry.includes('://')) throw new InvalidArgumentError(`insecure registry ${entry} should not contain '://'`);
  return entry;
}

// Four-part decimal IPv4 or IPv6 only, as Go's netip (ipaddr.js alone also takes `10` or `0x7f.1`).
function isIpLiteral(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s) || ipaddr.IPv6.isValid(s);
}

function normalisedCidr(entry: string): string | undefined {
  const slash = entry.lastIndexOf('/');
  if (slash < 0 || !isIpLiteral(entry.slice(0, slash)) || !ipaddr.isValidCIDR(entry)) return undefined;
  const [addr, bits] = ipaddr.parseCIDR(entry);
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(entry) : ipaddr.IPv6.networkAddressFromCIDR(entry);
  return `${network.toString()}/${bits}`;
}

function unmapped(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}
