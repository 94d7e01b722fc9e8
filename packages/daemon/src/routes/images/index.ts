/**
 * Image routes. The fixed paths come before the `{name*}` ones, which
 * capture names with slashes (`/images/127.0.0.1:5000/alice/app/json`).
 */
import type { Router } from '../../router.js';
import { commit } from './commit.js';
import { create } from './create.js';
import { history } from './history.js';
import { inspect } from './inspect.js';
import { list } from './list.js';
import { load } from './load.js';
import { prune } from './prune.js';
import { push } from './push.js';
import { search } from './search.js';
import { remove } from './remove.js';
import { saveMany, saveOne } from './save.js';
import { tag } from './tag.js';
import { imageRoutes as spec } from '../../schemas/images.js';
import { containerRoutes } from '../../schemas/containers.js';

export function registerImageRoutes(router: Router): void {
  router
    .get('/images/json', list, spec.list)
    .post('/images/prune', prune, spec.prune)
    .post('/images/create', create, spec.create)
    .post('/images/load', load, spec.load)
    .post('/commit', commit, containerRoutes.commit)
    .get('/images/get', saveMany, spec.saveMany)
    .get('/images/search', search, spec.search)
    .get('/images/{name*}/json', inspect, spec.inspect)
    .get('/images/{name*}/history', history, spec.history)
    .get('/images/{name*}/get', saveOne, spec.saveOne)
    .post('/images/{name*}/tag', tag, spec.tag)
    .post('/images/{name*}/push', push, spec.push)
    .delete('/images/{name*}', remove, spec.remove);
}
