/** `POST /build` and `/build/prune` parameters (the swagger's /build paths); the body is the context tar. */
import type { RouteSpec } from '../router.js';
import { list, map, string } from '@quai/common/schema/go-schema';

export const buildRoutes = {
  build: {
    query: {
      dockerfile: 'string', t: 'string', extrahosts: 'string', remote: 'string', q: 'bool', nocache: 'bool',
      cachefrom: { json: list(string()), what: 'cache-from' }, pull: 'string', rm: 'bool', forcerm: 'bool',
      memory: 'int64', memswap: 'int64', cpushares: 'int64', cpusetcpus: 'string', cpuperiod: 'int64', cpuquota: 'int64',
      buildargs: { json: map(string(), { goType: 'map[string]*string' }), what: 'build args' },
      shmsize: 'int64', squash: 'bool', labels: { json: map(string()), what: 'labels' },
      networkmode: 'string', platform: 'string', target: 'string', outputs: 'string', version: 'string',
    },
    bulk: true,
  },
  session: { query: {} },
  prune: { query: { all: 'bool', filters: 'filters', 'keep-storage': 'int64', 'reserved-space': 'int64', 'max-used-space': 'int64', 'min-free-space': 'int64' } },
} satisfies Record<string, RouteSpec<any>>;
