/** Build routes: `POST /build`, `POST /build/prune`, and BuildKit's `POST /session` (refused). */
import type { Router } from '../../router.js';
import { buildImage, pruneBuild, session } from './build.js';
import { buildRoutes as spec } from '../../schemas/build.js';

export function registerBuildRoutes(router: Router): void {
  router.post('/build', buildImage, spec.build).post('/build/prune', pruneBuild, spec.prune).post('/session', session, spec.session);
}
