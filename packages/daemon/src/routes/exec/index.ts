import type { Router } from '../../router.js';
import { create } from './create.js';
import { start } from './start.js';
import { inspect } from './inspect.js';
import { resize } from './resize.js';
import { execRoutes as spec } from '../../schemas/exec.js';

export function registerExecRoutes(router: Router): void {
  router
    .post('/containers/{id}/exec', create, spec.create)
    .post('/exec/{id}/start', start, spec.start)
    .post('/exec/{id}/resize', resize, spec.resize)
    .get('/exec/{id}/json', inspect, spec.inspect);
}
