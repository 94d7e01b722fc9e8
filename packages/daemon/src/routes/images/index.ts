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

export function registerImageRoutes(router: Router): void {
  router
    .get('/images/json', list)
    .post('/images/prune', prune)
    .post('/images/create', create)
    .post('/images/load', load)
    .post('/commit', commit)
    .get('/images/get', saveMany)
    .get('/images/search', search)
    .get('/images/{name*}/json', inspect)
    .get('/images/{name*}/history', history)
    .get('/images/{name*}/get', saveOne)
    .post('/images/{name*}/tag', tag)
    .post('/images/{name*}/push', push)
    .delete('/images/{name*}', remove);
}
