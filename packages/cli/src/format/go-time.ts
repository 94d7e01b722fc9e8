/** Go's time formatting for the two layouts Docker prints. */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function offsetOf(d: Date): { sign: string; hh: string; mm: string; minutes: number } {
  const minutes = -d.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return { sign: minutes < 0 ? '-' : '+', hh: pad(Math.trunc(abs / 60)), mm: pad(abs % 60), minutes };
}

function zoneName(d: Date): string {
  if (d.getTimezoneOffset() === 0) return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName');
  return part?.value ?? '';
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** time.Unix(s, 0).String(): "2026-11-27 20:39:12 +0000 UTC". */
export function goTimeString(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const o = offsetOf(d);
  return `${localDate(d)} ${localClock(d)} ${o.sign}${o.hh}${o.mm} ${zoneName(d)}`;
}

/** RFC3339NanoFixed "2006-01-02T15:04:05.000000000Z07:00", from nanoseconds since the epoch. */
export function rfc3339NanoFixed(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const frac = String(((nanos % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).padStart(9, '0');
  const d = new Date(ms);
  const o = offsetOf(d);
  const zone = o.minutes === 0 ? 'Z' : `${o.sign}${o.hh}:${o.mm}`;
  return `${localDate(d)}T${localClock(d)}.${frac}${zone}`;
}
