/**
 * Routes of the API parts quai answers with a fixed refusal (swarm, managed
 * plugins): only their query parameters are read, never a body.
 */
import type { RouteSpec } from '../router.js';

export const refusedRoute = { query: {} } satisfies RouteSpec;

export const pluginRoutes = {
  list: { query: { filters: 'filters' } },
  privileges: { query: { remote: 'string' } },
  refused: refusedRoute,
} satisfies Record<string, RouteSpec>;
