/**
 * A namespace: one Docker host inside the engine, as containerd's
 * namespaces are. Everything a client names (containers, image tags,
 * volumes, networks, execs, the build cache, events) lives in one; the
 * default socket serves `default`, and each other namespace gets a socket
 * of its own (<execRoot>/namespaces/<name>/docker.sock).
 *
 * Recorded in <dataRoot>/namespaces/<name>/namespace.json (`default` has
 * no record: it always exists, with the default policy and no quota).
 *
 *   { "name": "alice", "policy": "playground", "created": "2026-…",
 *     "quota": { "memory": 536870912, "nanoCpus": 1e9, "pids": 500, "disk": 2147483648, "containers": 20 },
 *     "publishAddress": "127.0.10.5" }
 */
import { InvalidArgumentError } from '@quai/common';

export type PolicyName = 'default' | 'playground';
export const POLICIES: PolicyName[] = ['default', 'playground'];

/** Bounds for the namespace as a whole; absent = unbounded. */
export interface Quota {
  /** Bytes of memory (and swap) for all its containers together: the cgroup /quai/<ns>. */
  memory?: number;
  /** CPUs × 1e9 for all its containers together. */
  nanoCpus?: number;
  /** Processes for all its containers together. */
  pids?: number;
  /** Bytes on disk: its unique layers, writable layers, volumes, build cache. */
  disk?: number;
  /** How many containers, images, volumes and networks it may hold. */
  containers?: number;
  images?: number;
  volumes?: number;
  networks?: number;
}

export interface NamespaceRecord {
  name: string;
  policy: PolicyName;
  quota: Quota;
  /** Host address published ports bind to ('' = as Docker: 0.0.0.0, or the -p address). */
  publishAddress?: string;
  /** false: its containers reach nothing beyond the host (no forwarding out of its networks). */
  outbound?: boolean;
  labels?: Record<string, string>;
  created: string;
  /** Set while `rm` is under way: a daemon restart finishes it. */
  removing?: boolean;
}

/** containerd's rule for namespace names, short enough for a cgroup and a path segment. */
const VALID_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const MAX_NAME = 63;

export function checkNamespaceName(name: string): void {
  if (!name || name.length > MAX_NAME || !VALID_NAME.test(name)) {
    throw new InvalidArgumentError(`invalid namespace name "${name}": use letters, digits and single . _ - between them (at most ${MAX_NAME} characters)`);
  }
}

export function defaultNamespaceRecord(): NamespaceRecord {
  return { name: 'default', policy: 'default', quota: {}, created: new Date(0).toISOString() };
}
