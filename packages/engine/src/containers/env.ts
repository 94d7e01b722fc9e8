/** Environment lists (`KEY=value` entries), merged as Docker merges them. */

/** Later entries replace earlier ones with the same key, keeping the first position. */
export function mergeEnv(base: string[], overrides: string[]): string[] {
  const out = new Map<string, string>();
  for (const entry of [...base, ...overrides]) out.set(envKey(entry), entry);
  return [...out.values()];
}

/** `A=1` → `A`; a bare `A` is its own key. */
export function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}
