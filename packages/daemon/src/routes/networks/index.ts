import type { Router } from '../../router.js';
import { list } from './list.js';
import { create } from './create.js';
import { inspect } from './inspect.js';
import { remove } from './remove.js';
import { prune } from './prune.js';
import { connect, disconnect } from './connect.js';
import { networkRoutes as spec } from '../../schemas/networks.js';

export function registerNetworkRoutes(router: Router): void {
  router
    .get('/networks', list, spec.list)
    .post('/networks/create', create, spec.create)
    .post('/networks/prune', prune, spec.prune)
    .get('/networks/{id}', inspect, spec.inspect)
    .post('/networks/{id}/connect', connect, spec.connect)
    .post('/networks/{id}/disconnect', disconnect, spec.disconnect)
    .delete('/networks/{id}', remove, spec.remove);
}
