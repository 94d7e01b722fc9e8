import type { Router } from '../../router.js';
import { create } from './create.js';
import { start } from './start.js';
import { inspect } from './inspect.js';
import { resize } from './resize.js';

export function registerExecRoutes(router: Router): void {
  router
    .post('/containers/{id}/exec', create)
    .post('/exec/{id}/start', start)
    .post('/exec/{id}/resize', resize)
    .get('/exec/{id}/json', inspect);
}
