/**
 * Where a reference's registry lives. `docker.io` names go to the first
 * configured mirror (the local hub on offline machines), as dockerd's
 * `registry-mirrors`; plain HTTP only for loopback and `--insecure-registry`.
 */
import { DEFAULT_DOMAIN } from '@quai/common';

export interface RegistryOptions {
  /** `http://127.0.0.1:5000`: docker.io references are fetched from here. */
  mirrors?: string[];
  /** Hosts (`host:port`) or CIDRs to reach over plain HTTP. */
  insecure?: string[];
}

export interface Endpoint {
  /** `http://127.0.0.1:5000` (no trailing slash). */
  baseUrl: string;
  /** The registry's host as credentials are keyed (`docker.io` for Hub names). */
  authKey: string;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

export function isInsecure(host: string, opts: RegistryOptions): boolean {
  if (LOOPBACK.test(host)) return true;
  const bare = host.replace(/:\d+$/, '');
  return (opts.insecure ?? []).some((h) => h === host || h === bare || cidrContains(h, bare));
}

function cidrContains(cidr: string, ip: string): boolean {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const toInt = (s: string) => s.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
  const bits = Number(m[2]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(m[1]!) & mask) >>> 0) === ((toInt(ip) & mask) >>> 0);
}

export function endpointFor(domain: string, opts: RegistryOptions): Endpoint {
  if (domain === DEFAULT_DOMAIN || domain === 'index.docker.io' || domain === 'registry-1.docker.io') {
    const mirror = opts.mirrors?.[0];
    return { baseUrl: (mirror ?? 'https://registry-1.docker.io').replace(/\/+$/, ''), authKey: DEFAULT_DOMAIN };
  }
  return { baseUrl: `${isInsecure(domain, opts) ? 'http' : 'https'}://${domain}`, authKey: domain };
}

/** `docker login` server addresses: `https://index.docker.io/v1/`, `host:port`, `http://host:port`. */
export function domainOfServerAddress(address: string): string {
  const host = address.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return !host || host === 'index.docker.io' || host === 'registry-1.docker.io' ? DEFAULT_DOMAIN : host;
}
