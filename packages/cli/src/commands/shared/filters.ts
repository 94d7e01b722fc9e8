/** `--filter k=v` (repeatable) → Docker's filters JSON: {"k":{"v":true}}. */
export function filtersParam(list: string[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  const out: Record<string, Record<string, boolean>> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`bad format of filter (expected name=value)`);
    const k = item.slice(0, eq).trim().toLowerCase();
    (out[k] ??= {})[item.slice(eq + 1).trim()] = true;
  }
  return JSON.stringify(out);
}

/**
 * Docker's --since/--until values: a unix time ("1700000000.5"), an RFC 3339
 * date, or a Go duration back from now ("10m", "1h30m"). Returns "seconds[.nanos]".
 */
export function timestampParam(value: string | undefined, now = Date.now()): string | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const dur = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(value)
    ? [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
        (ms, [, n, u]) => ms + Number(n) * { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[u as 'ns']!,
        0,
      )
    : undefined;
  if (dur !== undefined) return String(Math.floor((now - dur) / 1000));
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new Error(`failed to parse value as time or duration: "${value}"`);
  const secs = Math.floor(t / 1000);
  const nanos = (t % 1000) * 1e6;
  return nanos ? `${secs}.${String(nanos).padStart(9, '0')}` : String(secs);
}
