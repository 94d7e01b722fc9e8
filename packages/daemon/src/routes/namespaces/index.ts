/**
 * The admin API, on the main sockets only (a namespace's own socket does
 * not have it): namespaces as JSON in Docker's PascalCase.
 *
 *   POST   /quai/namespaces          create   → 201 Namespace
 *   GET    /quai/namespaces          list     → 200 [Namespace]
 *   GET    /quai/namespaces/{name}   inspect  → 200 Namespace with Usage
 *   DELETE /quai/namespaces/{name}   remove   → 204 (everything in it goes)
 */
import type { Router } from '../../router.js';
import { create } from './create.js';
import { inspect, list } from './list.js';
import { remove } from './remove.js';
import { namespaceRoutes as spec } from '../../schemas/namespaces.js';

export function registerNamespaceRoutes(router: Router): Router {
  return router
    .post('/quai/namespaces', create, spec.create)
    .get('/quai/namespaces', list, spec.list)
    .get('/quai/namespaces/{name}', inspect, spec.inspect)
    .delete('/quai/namespaces/{name}', remove, spec.remove);
}
