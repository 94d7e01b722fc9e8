/** Every Engine API route, by group. */
import type { Router } from '../router.js';
import { registerSystemRoutes } from './system/index.js';
import { registerContainerRoutes } from './containers/index.js';
import { registerImageRoutes } from './images/index.js';
import { registerVolumeRoutes } from './volumes/index.js';

export function registerRoutes(router: Router): Router {
  registerSystemRoutes(router);
  registerContainerRoutes(router);
  registerImageRoutes(router);
  registerVolumeRoutes(router);
  return router;
}
