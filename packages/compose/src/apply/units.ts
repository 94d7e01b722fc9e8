/**
 * Compose's units: Go durations ("1m30s", "500ms") and byte sizes ("512m",
 * "1gb", 1024), as compose-go reads them.
 */
const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v * 1e9;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1e9;
  let total = 0;
  let rest = s;
  const part = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;
  if (!rest) throw new Error(`invalid duration "${v}"`);
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new Error(`invalid duration "${v}"`);
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

export function parseBytes(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(v.trim());
  const unit = BYTE_UNITS[(m?.[2] ?? '').toLowerCase() || 'b'];
  if (!m || unit === undefined) throw new Error(`invalid size "${v}"`);
  return Math.round(Number(m[1]) * unit);
}
