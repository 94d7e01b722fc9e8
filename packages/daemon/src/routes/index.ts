/** Every Engine API route, by group. */
import type { Router } from '../router.js';
import { registerSystemRoutes } from './system/index.js';
import { registerContainerRoutes } from './containers/index.js';
import { registerImageRoutes } from './images/index.js';
import { registerBuildRoutes } from './build/index.js';
import { registerVolumeRoutes } from './volumes/index.js';
import { registerNetworkRoutes } from './networks/index.js';
import { registerExecRoutes } from './exec/index.js';
import { registerSwarmRoutes } from './swarm/index.js';
import { registerPluginRoutes } from './plugins/index.js';

export function registerRoutes(router: Router): Router {
  registerSystemRoutes(router);
  registerContainerRoutes(router);
  registerImageRoutes(router);
  registerBuildRoutes(router);
  registerVolumeRoutes(router);
  registerNetworkRoutes(router);
  registerExecRoutes(router);
  registerSwarmRoutes(router);
  registerPluginRoutes(router);
  return router;
}
