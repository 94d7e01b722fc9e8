/**
 * Where a reference's registry lives. `docker.io` names go to the first
 * configured mirror (the local hub on offline machines), as dockerd's
 * `registry-mirrors`; plain HTTP only for loopback and `--insecure-registry`.
 */
import { DEFAULT_DOMAIN } from '@quai/common';
import { isInsecureHost, parseInsecureRegistries } from './insecure-registries.js';

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

export function isInsecure(host: string, opts: RegistryOptions): boolean {
  return isInsecureHost(host, parseInsecureRegistries(opts.insecure ?? []));
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
