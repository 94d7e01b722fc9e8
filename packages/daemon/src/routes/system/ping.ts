/** `GET|HEAD /_ping`: liveness, plus the headers clients negotiate with. */
import type { RouteContext } from '../../router.js';

export function ping({ req, res }: RouteContext): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, no-store, must-revalidate', 'Pragma': 'no-cache', 'Builder-Version': '1', 'Swarm': 'inactive', 'Content-Length': 2 });
  res.end(req.method === 'HEAD' ? undefined : 'OK');
}
