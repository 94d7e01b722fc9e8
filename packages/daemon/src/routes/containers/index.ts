import type { Router } from '../../router.js';
import { create } from './create.js';
import { start, stop, restart, kill, rename } from './lifecycle.js';
import { wait } from './wait.js';
import { remove } from './remove.js';
import { list } from './list.js';
import { inspect } from './inspect.js';
import { prune } from './prune.js';
import { logs } from './logs.js';
import { attach, resize } from './attach.js';
import { attachWebSocket } from './attach-ws.js';
import { pause, unpause } from './pause.js';
import { top } from './top.js';
import { stats } from './stats.js';
import { update } from './update.js';
import { archiveGet, archiveHead, archivePut, changes, exportContainer } from './archive.js';

export function registerContainerRoutes(router: Router): void {
  router
    .get('/containers/json', list)
    .post('/containers/create', create)
    .post('/containers/prune', prune)
    .get('/containers/{id}/json', inspect)
    .get('/containers/{id}/logs', logs)
    .post('/containers/{id}/start', start)
    .post('/containers/{id}/stop', stop)
    .post('/containers/{id}/restart', restart)
    .post('/containers/{id}/kill', kill)
    .post('/containers/{id}/rename', rename)
    .post('/containers/{id}/wait', wait)
    .post('/containers/{id}/attach', attach)
    .get('/containers/{id}/attach/ws', attachWebSocket)
    .post('/containers/{id}/resize', resize)
    .post('/containers/{id}/pause', pause)
    .post('/containers/{id}/unpause', unpause)
    .get('/containers/{id}/top', top)
    .get('/containers/{id}/stats', stats)
    .post('/containers/{id}/update', update)
    .head('/containers/{id}/archive', archiveHead)
    .get('/containers/{id}/archive', archiveGet)
    .put('/containers/{id}/archive', archivePut)
    .get('/containers/{id}/export', exportContainer)
    .get('/containers/{id}/changes', changes)
    .delete('/containers/{id}', remove);
}
