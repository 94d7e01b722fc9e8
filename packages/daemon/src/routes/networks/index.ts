import type { Router } from '../../router.js';
import { list } from './list.js';
import { create } from './create.js';
import { inspect } from './inspect.js';
import { remove } from './remove.js';
import { prune } from './prune.js';
import { connect, disconnect } from './connect.js';

export function registerNetworkRoutes(router: Router): void {
  router
    .get('/networks', list)
    .post('/networks/create', create)
    .post('/networks/prune', prune)
    .get('/networks/{id}', inspect)
    .post('/networks/{id}/connect', connect)
    .post('/networks/{id}/disconnect', disconnect)
    .delete('/networks/{id}', remove);
}
