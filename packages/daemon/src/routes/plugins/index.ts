/**
 * Managed plugins are not part of quai: the plugin store is empty and
 * cannot be filled. Lists are empty (200 `[]`), a named plugin is not found,
 * and what would fetch or build one answers as a dockerd built without
 * plugin support does (moby daemon/pkg/plugin/backend_unsupported.go).
 */
import { InvalidArgumentError, NotFoundError, QuaiError, parseNormalizedNamed } from '@quai/common';
import type { Handler, RouteContext, Router } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';
import { pluginRoutes as spec } from '../../schemas/unsupported.js';

const NOT_SUPPORTED = 'plugins are not supported on this platform';
const LIST_FILTERS = new Set(['capability', 'enabled']);

function list({ res, query }: RouteContext): void {
  for (const key of parseFilters(query).keys()) {
    if (!LIST_FILTERS.has(key)) throw new InvalidArgumentError(`invalid filter '${key}'`);
  }
  sendJson(res, 200, []);
}

/** `remote` names the plugin to fetch (Docker's parseRemoteRef); then there is no store to fetch it into. */
function privileges({ query }: RouteContext): void {
  parseNormalizedNamed(query.get('remote') ?? ''); // invalid reference format: 400
  throw new QuaiError('internal', NOT_SUPPORTED);
}

const notFound: Handler = ({ params }) => { throw new NotFoundError(`plugin "${params.name}" not found`); };
const notSupported: Handler = () => { throw new QuaiError('internal', NOT_SUPPORTED); };

export function registerPluginRoutes(router: Router): void {
  router.get('/plugins', list, spec.list);
  router.get('/plugins/privileges', privileges, spec.privileges);
  router.post('/plugins/pull', notSupported, spec.refused).post('/plugins/create', notSupported, spec.refused);
  router.get('/plugins/{name*}/json', notFound, spec.refused);
  for (const verb of ['enable', 'disable', 'push', 'upgrade', 'set']) router.post(`/plugins/{name*}/${verb}`, notFound, spec.refused);
  router.delete('/plugins/{name*}', notFound, spec.refused);
}
