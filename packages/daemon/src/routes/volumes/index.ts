import type { Router } from '../../router.js';
import { list } from './list.js';
import { create } from './create.js';
import { inspect } from './inspect.js';
import { remove } from './remove.js';
import { prune } from './prune.js';
import { volumeRoutes as spec } from '../../schemas/volumes.js';

export function registerVolumeRoutes(router: Router): void {
  router
    .get('/volumes', list, spec.list)
    .post('/volumes/create', create, spec.create)
    .post('/volumes/prune', prune, spec.prune)
    .get('/volumes/{name}', inspect, spec.inspect)
    .delete('/volumes/{name}', remove, spec.remove);
}
