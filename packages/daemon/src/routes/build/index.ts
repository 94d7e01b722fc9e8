/** Build routes: `POST /build` and `POST /build/prune`. */
import type { Router } from '../../router.js';
import { buildImage, pruneBuild } from './build.js';
import { buildRoutes as spec } from '../../schemas/build.js';

export function registerBuildRoutes(router: Router): void {
  router.post('/build', buildImage, spec.build).post('/build/prune', pruneBuild, spec.prune);
}
