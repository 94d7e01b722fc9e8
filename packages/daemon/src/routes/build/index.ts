/** Build routes: `POST /build` and `POST /build/prune`. */
import type { Router } from '../../router.js';
import { buildImage, pruneBuild } from './build.js';

export function registerBuildRoutes(router: Router): void {
  router.post('/build', buildImage).post('/build/prune', pruneBuild);
}
