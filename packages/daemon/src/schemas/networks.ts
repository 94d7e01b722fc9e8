/** What each network route accepts (the swagger's /networks paths). */
import type { RouteSpec } from '../router.js';
import { networkConnect, networkCreate, networkDisconnect } from './networking.js';

export const networkRoutes = {
  list: { query: { filters: 'filters' } },
  create: { query: {}, body: networkCreate },
  prune: { query: { filters: 'filters' } },
  inspect: { query: { verbose: 'bool', scope: 'string' } },
  connect: { query: {}, body: networkConnect },
  disconnect: { query: {}, body: networkDisconnect },
  remove: { query: {} },
} satisfies Record<string, RouteSpec<any>>;
