/** Build routes: `POST /build`, `POST /build/prune`, and BuildKit's `POST /session` (refused). */
import type { Router } from '../../router.js';
import { buildImage, pruneBuild, session } from './build.js';

export function registerBuildRoutes(router: Router): void {
  router.post('/build', buildImage).post('/build/prune', pruneBuild).post('/session', session);
}
