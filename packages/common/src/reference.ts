/**
 * Image references parsed as Docker parses them (distribution/reference):
 *
 *   busybox                    → docker.io/library/busybox:latest
 *   alice/app:1                → docker.io/alice/app:1
 *   127.0.0.1:5000/x/y@sha256: → registry 127.0.0.1:5000, repository x/y, digest
 *
 * `familiar` is the short form Docker shows (`busybox:latest`, `alice/app:1`).
 */
import { InvalidArgumentError } from './errors.js';

export const DEFAULT_DOMAIN = 'docker.io';
export const OFFICIAL_PREFIX = 'library/';

export interface Reference {
  /** Registry host, with port when given: `docker.io`, `127.0.0.1:5000`. */
  domain: string;
  /** Repository path inside the registry: `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[a-fA-F0-9:]+\](?::[0-9]+)?$/;

/** A repository path by the distribution spec's grammar (`library/busybox`, `alice/app`): what a registry stores. */
export function isRepositoryPath(s: string): boolean {
  return s.length > 0 && s.split('/').every((c) => COMPONENT.test(c));
}

/** A tag: a word character, then up to 127 of `[A-Za-z0-9_.-]`. */
export function isTag(s: string): boolean {
  return TAG.test(s);
}

function invalid(ref: string, why = 'invalid reference format'): never {
  throw new InvalidArgumentError(`${why}: "${ref}"`.replace(/: ""$/, ''));
}

/** Parse a reference as a user typed it. Throws InvalidArgumentError as Docker does. */
export function parseReference(ref: string): Reference {
  if (!ref || ref.length > 255 + 128 + 80) invalid(ref);
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) invalid(ref, 'invalid reference format');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) invalid(ref);
  }
  if (!rest) invalid(ref);
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!DOMAIN.test(domain)) invalid(ref);
    }
  }
  if (path !== path.toLowerCase()) {
    invalid(ref, 'invalid reference format: repository name must be lowercase');
  }
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) invalid(ref);
  }
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  if (domain.length + 1 + path.length > 255) invalid(ref, 'repository name must not be more than 255 characters');
  return { domain, path, tag, digest };
}

/** Like parseReference, but a reference without tag or digest gets `:latest`. */
export function parseNormalizedNamed(ref: string): Reference {
  const parsed = parseReference(ref);
  if (!parsed.tag && !parsed.digest) parsed.tag = 'latest';
  return parsed;
}

/** `docker.io/library/busybox` — the full repository name. */
export function repositoryName(ref: Reference): string {
  return `${ref.domain}/${ref.path}`;
}

/** `busybox`, `alice/app`, `127.0.0.1:5000/x/y` — the repository as Docker shows it. */
export function familiarRepository(ref: Reference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith(OFFICIAL_PREFIX) ? ref.path.slice(OFFICIAL_PREFIX.length) : ref.path;
}

/** `busybox:latest`, `alice/app@sha256:...` — the whole reference as Docker shows it. */
export function familiarString(ref: Reference): string {
  let s = familiarRepository(ref);
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** The canonical string: `docker.io/library/busybox:latest`. */
export function canonicalString(ref: Reference): string {
  let s = repositoryName(ref);
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}
