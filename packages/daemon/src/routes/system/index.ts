import type { Router } from '../../router.js';
import { ping } from './ping.js';
import { version } from './version.js';
import { info } from './info.js';
import { events } from './events.js';
import { auth } from './auth.js';
import { df } from './df.js';

export function registerSystemRoutes(router: Router): void {
  router.get('/_ping', ping).head('/_ping', ping);
  router.get('/version', version);
  router.get('/info', info);
  router.get('/events', events);
  router.post('/auth', auth);
  router.get('/system/df', df);
}
