/** `ps`: which containers to show, with Docker's filters. */
import { DockerFilters, InvalidArgumentError } from '@quai/common';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { healthMatches } from './health.js';

export interface ListOptions {
  all?: boolean;
  limit?: number;
  filters?: Map<string, string[]>;
}

const KNOWN = new Set(['id', 'name', 'label', 'label!', 'status', 'ancestor', 'exited', 'before', 'since', 'health', 'isolation', 'network', 'volume', 'publish', 'expose', 'is-task']);
const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export async function listContainers(d: ContainerContext, opts: ListOptions): Promise<ContainerRecord[]> {
  const filters = new DockerFilters(opts.filters).check([...KNOWN]);
  for (const s of filters.get('status')) {
    if (!STATUSES.includes(s)) throw new InvalidArgumentError(`invalid filter 'status=${s}'`);
  }
  let list = d.store.all(); // newest first
  const before = filters.get('before')[0];
  const since = filters.get('since')[0];
  if (before) { const ref = d.store.get(before); list = list.filter((c) => c.created < ref.created); }
  if (since) { const ref = d.store.get(since); list = list.filter((c) => c.created > ref.created); }
  const ancestors = await resolveAncestors(d, filters.get('ancestor'));
  const all = opts.all || (opts.limit ?? 0) > 0 || filters.has('status') || filters.has('exited');
  list = list.filter((c) => {
    if (!all && c.state.status !== 'running' && c.state.status !== 'paused' && c.state.status !== 'restarting') return false;
    if (!filters.any('id', (v) => c.id.startsWith(v))) return false;
    if (!filters.any('name', (v) => nameMatches(c.name, v))) return false;
    if (!filters.any('status', (v) => c.state.status === v)) return false;
    if (!filters.any('exited', (v) => c.state.status === 'exited' && c.state.exitCode === Number(v))) return false;
    if (ancestors && !ancestors.has(c.imageId)) return false;
    if (!filters.any('health', (v) => healthMatches(c, v))) return false;
    return filters.labels(c.config.Labels);
  });
  if (opts.limit && opts.limit > 0) list = list.slice(0, opts.limit);
  return list;
}

/** Docker matches `name` as a regular expression against `/name`. */
function nameMatches(name: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(`/${name}`);
  } catch {
    return `/${name}`.includes(pattern);
  }
}

async function resolveAncestors(d: ContainerContext, refs: string[]): Promise<Set<string> | undefined> {
  if (refs.length === 0) return undefined;
  const ids = new Set<string>();
  for (const ref of refs) {
    const image = await d.images.get(ref).catch(() => undefined);
    if (image) ids.add(image.id);
  }
  return ids;
}
