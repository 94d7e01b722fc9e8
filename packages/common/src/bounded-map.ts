/**
 * A Map held to `max` entries: a new key past the bound first drops the
 * oldest entry (a Map iterates in insertion order). The in-memory caches of
 * the engine and the hub (compiled seccomp filters, verified tokens, recent
 * logins, rendered READMEs, running upload hashes, registry reads) use it,
 * so that a spray of distinct keys cannot grow them without end.
 *
 *   setBounded(verified, token, claims, 10_000)
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
