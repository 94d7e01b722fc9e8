/** Docker's `filters` for container lists and prunes. */
import { InvalidArgumentError } from '@quai/common';
import type { ContainerRecord } from './container-record.js';

/** `label=k` (present) and `label=k=v` (equal); `label!=` negates. */
export function matchesLabels(labels: Record<string, string>, wanted: string[], unwanted: string[] = []): boolean {
  const has = (spec: string) => {
    const eq = spec.indexOf('=');
    return eq < 0 ? spec in labels : labels[spec.slice(0, eq)] === spec.slice(eq + 1);
  };
  return wanted.every(has) && !unwanted.some(has);
}

/** `until`: a unix timestamp, an RFC 3339 date, or a duration like `24h` back from now. */
export function createdBefore(c: ContainerRecord, values: string[]): boolean {
  const created = Date.parse(c.created);
  return values.every((v) => created < parseTimestamp(v));
}

export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (duration) {
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ns'];
    return now - Number(duration[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`failed to parse value ${value} as a timestamp`);
  return t;
}
