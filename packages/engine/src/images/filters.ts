/**
 * `docker images --filter` and `docker image prune --filter`, as Docker
 * reads them: reference globs (Go's path.Match against the familiar
 * reference and the familiar name), labels, dangling, before/since/until.
 */
import { InvalidArgumentError, familiarRepository, parseReference } from '@quai/common';
import type { ImageRecord } from './image-record.js';

export type Filters = Map<string, string[]>;

export function checkFilters(filters: Filters, allowed: string[]): void {
  for (const name of filters.keys()) {
    if (!allowed.includes(name)) throw new InvalidArgumentError(`invalid filter '${name}'`);
  }
}

/** Go's path.Match: `*` and `?` never cross a `/`; `[a-z]`, `[^x]`, `\` escapes. */
export function globMatch(pattern: string, s: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new InvalidArgumentError(`syntax error in pattern: ${pattern}`);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = '^' + body.slice(1).replace(/[\\\]]/g, '\\$&');
      else body = body.replace(/[\\\]^]/g, '\\$&');
      re += `[${body}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`).test(s);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Docker's reference.FamiliarMatch over every tag/digest reference of the image. */
export function matchesReference(pattern: string, refs: string[]): boolean {
  return refs.some((ref) => {
    if (globMatch(pattern, ref)) return true;
    try {
      return globMatch(pattern, familiarRepository(parseReference(ref)));
    } catch {
      return false;
    }
  });
}

/** `label=k` (present) or `label=k=v` (equal). */
export function matchesLabels(labels: Record<string, string> | undefined, specs: string[]): boolean {
  return specs.every((spec) => {
    const eq = spec.indexOf('=');
    if (eq < 0) return labels?.[spec] !== undefined;
    return labels?.[spec.slice(0, eq)] === spec.slice(eq + 1);
  });
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Docker's timestamp filter values: unix seconds, RFC 3339 / dates, or a Go duration before now. */
export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (GO_DURATION.test(value)) {
    let ms = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    return now - ms;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`failed to parse value as time or duration: "${value}"`);
  return t;
}

export function boolFilter(filters: Filters, name: string): boolean | undefined {
  const values = filters.get(name);
  if (!values?.length) return undefined;
  const v = values[values.length - 1]!.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new InvalidArgumentError(`invalid filter '${name}=${values[values.length - 1]}'`);
}

export function createdMs(image: ImageRecord): number {
  return Date.parse(image.created) || 0;
}

/** until, label and label! — the filters list and prune share. */
export function matchesCommon(image: ImageRecord, filters: Filters): boolean {
  const until = filters.get('until');
  if (until?.length && !until.every((u) => createdMs(image) < parseTimestamp(u))) return false;
  const labels = image.config.config?.Labels;
  const want = filters.get('label');
  if (want?.length && !matchesLabels(labels, want)) return false;
  const notWant = filters.get('label!');
  if (notWant?.length && notWant.some((spec) => matchesLabels(labels, [spec]))) return false;
  return true;
}
