/**
 * Sizes and durations worded exactly as Docker (github.com/docker/go-units):
 * humanSize(4_260_000) → "4.26MB" (decimal units, 3 significant digits, Go's %g),
 * humanDuration(90_000) → "About a minute".
 */
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's fmt `%.{prec}g`: shortest digits, exponent form when exp < -4 or >= prec. */
export function goFormatG(value: number, prec: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const [mant, expStr] = value.toExponential(prec - 1).split('e');
  const exp = Number(expStr);
  const digits = mant.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  // Go lowers the switch-over point when fewer digits remain after trimming.
  let eprec = prec;
  if (eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, prec - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function customSize(size: number, base: number, units: string[], prec: number): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return `${goFormatG(size, prec)}${units[i]}`;
}

/** go-units HumanSizeWithPrecision(size, 3): "1.98MB", "0B", "999kB". */
export function humanSize(bytes: number, precision = 3): string {
  return customSize(bytes, 1000, DECIMAL, precision);
}

/** go-units BytesSize: "64MiB". */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 1024, BINARY, 4);
}

/** go-units HumanDuration, given milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000); // Go's Duration.Round(time.Hour): half away from zero
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}

/** "5 minutes ago", from a unix time in seconds. */
export function timeAgo(unixSeconds: number, now = Date.now()): string {
  return `${humanDuration(now - unixSeconds * 1000)} ago`;
}

/**
 * The container status line the daemon reports in `ps` (Docker's State.String()):
 * "Up 5 seconds", "Up 2 hours (Paused)", "Exited (0) 2 minutes ago", "Created".
 * Lives here so the daemon can share the exact wording.
 */
export interface StatusState {
  running: boolean;
  paused?: boolean;
  restarting?: boolean;
  dead?: boolean;
  removing?: boolean;
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
  health?: string;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
function isZero(t: string | undefined): boolean {
  return !t || t === ZERO_TIME || t.startsWith('0001-01-01');
}

export function containerStatus(s: StatusState, now = Date.now()): string {
  const since = (t: string | undefined) => humanDuration(now - Date.parse(t ?? ''));
  if (s.running) {
    if (s.paused) return `Up ${since(s.startedAt)} (Paused)`;
    if (s.restarting) return `Restarting (${s.exitCode}) ${since(s.finishedAt)} ago`;
    if (s.health) return `Up ${since(s.startedAt)} (${s.health})`;
    return `Up ${since(s.startedAt)}`;
  }
  if (s.removing) return 'Removal In Progress';
  if (s.dead) return 'Dead';
  if (isZero(s.startedAt)) return 'Created';
  if (isZero(s.finishedAt)) return '';
  return `Exited (${s.exitCode}) ${since(s.finishedAt)} ago`;
}

/**
 * Docker's RAMInBytes: "64m" → 67108864, "1.5g", "512k", "100" (bytes),
 * binary multiples whatever the case, optional trailing "b"/"ib".
 */
export function ramInBytes(text: string): number {
  const num = /^\d+(?:\.\d+)?/.exec(text);
  if (!num) throw new Error(`invalid size: '${text}'`);
  const suffix = text.slice(num[0].length);
  const m = /^ ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(suffix);
  if (!m || /^ ?[iI]$/.test(suffix)) throw new Error(`invalid suffix: '${suffix.trim()}'`);
  const n = Number.parseFloat(num[0]);
  const mult = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[(m[1] ?? '').toLowerCase()] ?? 1;
  return Math.trunc(n * mult);
}

/** Ellipsis with "…" the way Docker truncates columns (by characters). */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return chars.slice(0, max).join('');
  return chars.slice(0, max - 1).join('') + '…';
}

/** "sha256:abc…" → first 12 hex characters. */
export function truncateId(id: string): string {
  const i = id.indexOf(':');
  const hex = i >= 0 ? id.slice(i + 1) : id;
  return hex.slice(0, 12);
}
