/** What each image route accepts (the swagger's /images paths). */
import type { RouteSpec } from '../router.js';

export const imageRoutes = {
  list: { query: { all: 'bool', filters: 'filters', 'shared-size': 'bool', digests: 'bool', manifests: 'bool' } },
  prune: { query: { filters: 'filters' } },
  create: { query: { fromImage: 'string', fromSrc: 'string', repo: 'string', tag: 'string', message: 'string', changes: 'string', platform: 'string' }, bulk: true },
  load: { query: { quiet: 'bool', platform: 'string' }, bulk: true },
  saveMany: { query: { names: 'string', platform: 'string' }, bulk: true },
  search: { query: { term: 'string', limit: 'int', filters: 'filters' } },
  inspect: { query: {} },
  history: { query: {} },
  saveOne: { query: { platform: 'string' }, bulk: true },
  tag: { query: { repo: 'string', tag: 'string' } },
  push: { query: { tag: 'string', platform: 'string' }, bulk: true },
  remove: { query: { force: 'bool', noprune: 'bool' } },
} satisfies Record<string, RouteSpec<any>>;
