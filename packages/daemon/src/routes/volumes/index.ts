import type { Router } from '../../router.js';
import { list } from './list.js';
import { create } from './create.js';
import { inspect } from './inspect.js';
import { remove } from './remove.js';
import { prune } from './prune.js';

export function registerVolumeRoutes(router: Router): void {
  router
    .get('/volumes', list)
    .post('/volumes/create', create)
    .post('/volumes/prune', prune)
    .get('/volumes/{name}', inspect)
    .delete('/volumes/{name}', remove);
}
