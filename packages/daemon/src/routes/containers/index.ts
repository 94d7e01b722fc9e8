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
import { containerRoutes as spec } from '../../schemas/containers.js';

export function registerContainerRoutes(router: Router): void {
  router
    .get('/containers/json', list, spec.list)
    .post('/containers/create', create, spec.create)
    .post('/containers/prune', prune, spec.prune)
    .get('/containers/{id}/json', inspect, spec.inspect)
    .get('/containers/{id}/logs', logs, spec.logs)
    .post('/containers/{id}/start', start, spec.start)
    .post('/containers/{id}/stop', stop, spec.stop)
    .post('/containers/{id}/restart', restart, spec.restart)
    .post('/containers/{id}/kill', kill, spec.kill)
    .post('/containers/{id}/rename', rename, spec.rename)
    .post('/containers/{id}/wait', wait, spec.wait)
    .post('/containers/{id}/attach', attach, spec.attach)
    .get('/containers/{id}/attach/ws', attachWebSocket, spec.attach)
    .post('/containers/{id}/resize', resize, spec.resize)
    .post('/containers/{id}/pause', pause, spec.pause)
    .post('/containers/{id}/unpause', unpause, spec.pause)
    .get('/containers/{id}/top', top, spec.top)
    .get('/containers/{id}/stats', stats, spec.stats)
    .post('/containers/{id}/update', update, spec.update)
    .head('/containers/{id}/archive', archiveHead, spec.archive)
    .get('/containers/{id}/archive', archiveGet, spec.archive)
    .put('/containers/{id}/archive', archivePut, spec.archive)
    .get('/containers/{id}/export', exportContainer, spec.export)
    .get('/containers/{id}/changes', changes, spec.changes)
    // `{id*}`: a link's name has a slash in it (`rm --link app/db`).
    .delete('/containers/{id*}', remove, spec.remove);
}
