/**
 * `--health-*` and `--no-healthcheck` → Config.Healthcheck, as Docker's CLI
 * builds it: sent only when one of them is set; durations in nanoseconds;
 * `--health-cmd X` → ["CMD-SHELL", X]; `--no-healthcheck` → ["NONE"].
 */
import { UsageError, type FlagSpec } from '../../args/parse.js';

export const HEALTH_FLAGS: FlagSpec[] = [
  { name: 'health-cmd', type: 'string', description: 'Command to run to check health' },
  { name: 'health-interval', type: 'string', valueName: 'duration', description: 'Time between running the check (ms|s|m|h) (default 0s)' },
  { name: 'health-retries', type: 'int', description: 'Consecutive failures needed to report unhealthy' },
  { name: 'health-start-interval', type: 'string', valueName: 'duration', description: 'Time between running the check during the start period (ms|s|m|h) (default 0s)' },
  { name: 'health-start-period', type: 'string', valueName: 'duration', description: 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)' },
  { name: 'health-timeout', type: 'string', valueName: 'duration', description: 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)' },
  { name: 'no-healthcheck', type: 'bool', description: 'Disable any container-specified HEALTHCHECK' },
];

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration ("1m30s", "500ms", "0") → nanoseconds. */
export function parseGoDuration(text: string, flag: string): number {
  const bad = () => new UsageError(`invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`);
  if (text === '0') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  let rest = text.replace(/^[-+]/, '');
  if (!rest) throw bad();
  let total = 0;
  while (rest) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) throw bad();
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(sign * total);
}

export function healthcheckFromFlags(f: Record<string, unknown>, changed: Set<string>): Record<string, unknown> | undefined {
  const names = ['health-cmd', 'health-interval', 'health-timeout', 'health-start-period', 'health-start-interval', 'health-retries'];
  const some = names.some((n) => changed.has(n));
  if (f['no-healthcheck'] === true) {
    if (some) throw new UsageError('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!some) return undefined;
  const dur = (n: string) => {
    const v = f[n] as string | undefined;
    const ns = v ? parseGoDuration(v, n) : 0;
    if (ns < 0) throw new UsageError(`--${n} cannot be negative`);
    return ns;
  };
  const retries = (f['health-retries'] as number | undefined) ?? 0;
  if (retries < 0) throw new UsageError('--health-retries cannot be negative');
  const cmd = f['health-cmd'] as string | undefined;
  return {
    ...(cmd ? { Test: ['CMD-SHELL', cmd] } : {}),
    Interval: dur('health-interval'),
    Timeout: dur('health-timeout'),
    StartPeriod: dur('health-start-period'),
    StartInterval: dur('health-start-interval'),
    Retries: retries,
  };
}
