/**
 * `docker images --filter` and `docker image prune --filter`, as Docker
 * reads them: reference globs (Go's path.Match against the familiar
 * reference and the familiar name), labels, dangling, before/since/until.
 */
import { InvalidArgumentError, familiarRepository, parseReference, type DockerFilters } from '@quai/common';
import type { ImageRecord } from './image-record.js';

export type Filters = Map<string, string[]>;

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

export function createdMs(image: ImageRecord): number {
  return Date.parse(image.created) || 0;
}

/** until, label and label! — the filters list and prune share. */
export function matchesCommon(image: ImageRecord, filters: DockerFilters): boolean {
  return filters.until(createdMs(image)) && filters.labels(image.config.config?.Labels);
}
