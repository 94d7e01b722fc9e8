import type { Router } from '../../router.js';
import { ping } from './ping.js';
import { version } from './version.js';
import { info } from './info.js';
import { events } from './events.js';
import { auth } from './auth.js';
import { df } from './df.js';
import { systemRoutes as spec } from '../../schemas/system.js';

export function registerSystemRoutes(router: Router): void {
  router.get('/_ping', ping, spec.ping).head('/_ping', ping, spec.ping);
  router.get('/version', version, spec.version);
  router.get('/info', info, spec.info);
  router.get('/events', events, spec.events);
  router.post('/auth', auth, spec.auth);
  router.get('/system/df', df, spec.df);
}
