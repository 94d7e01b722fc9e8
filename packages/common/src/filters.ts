/**
 * Docker's `filters`, read one way by every list, prune and event stream
 * (moby api/types/filters): a filter name maps to the values given for it.
 *
 *   name=a, name=b          any value may match (`any`)
 *   label=k, label=k=v      every one must hold; label!=… none may (`labels`,
 *                           moby's MatchKVList: the same for containers,
 *                           images, volumes, networks and events)
 *   dangling=true|1|false|0 a boolean (`bool`), the last value wins
 *   until=10m, since=…      unix seconds, RFC 3339, or a Go duration back from now
 *
 *   const f = new DockerFilters(parsed).check(['label', 'label!', 'name']);
 *   list.filter((v) => f.any('name', (n) => v.name.includes(n)) && f.labels(v.labels));
 */
import { InvalidArgumentError } from './errors.js';

export class DockerFilters {
  constructor(private readonly values: ReadonlyMap<string, string[]> = new Map()) {}

  /** Refuses a filter name outside `allowed`, in Docker's words. */
  check(allowed: string[]): this {
    for (const name of this.values.keys()) {
      if (!allowed.includes(name)) throw new InvalidArgumentError(`invalid filter '${name}'`);
    }
    return this;
  }

  has(name: string): boolean { return (this.values.get(name)?.length ?? 0) > 0; }
  get(name: string): string[] { return this.values.get(name) ?? []; }
  names(): string[] { return [...this.values.keys()]; }

  /** True when the filter is absent or one of its values passes. */
  any(name: string, test: (value: string) => boolean): boolean {
    const values = this.get(name);
    return values.length === 0 || values.some(test);
  }

  /** Every `label` holds and no `label!` does. */
  labels(labels: Record<string, string> | null | undefined): boolean {
    return this.get('label').every((spec) => hasLabel(labels, spec)) && !this.get('label!').some((spec) => hasLabel(labels, spec));
  }

  /** A boolean filter (dangling, all): undefined when absent. */
  bool(name: string): boolean | undefined {
    const values = this.get(name);
    if (!values.length) return undefined;
    const v = values[values.length - 1]!;
    if (['true', '1'].includes(v.toLowerCase())) return true;
    if (['false', '0'].includes(v.toLowerCase())) return false;
    throw new InvalidArgumentError(`invalid filter '${name}=${v}'`);
  }

  /** `until`: the object was created before every value given (true when absent). */
  until(createdMs: number, now = Date.now()): boolean {
    return this.get('until').every((v) => createdMs < parseTimestamp(v, now));
  }
}

/** `k` (present, any value) or `k=v` (equal). */
export function hasLabel(labels: Record<string, string> | null | undefined, spec: string): boolean {
  const eq = spec.indexOf('=');
  if (eq < 0) return labels?.[spec] !== undefined;
  return labels?.[spec.slice(0, eq)] === spec.slice(eq + 1);
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** Docker's timestamp values, in ms: unix seconds, an RFC 3339 date, or a Go duration back from `now`. */
export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (GO_DURATION.test(value)) {
    let ms = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    return now - ms;
  }
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new InvalidArgumentError(`failed to parse value as time or duration: "${value}"`);
  return t;
}
