/** `GET /networks?filters=`: name, id, driver, label, label!, type (custom|builtin), dangling. */
import { DockerFilters } from '@quai/common';
import type { NetworkRecord } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';
import { toNetworkJson } from './shape.js';

const BUILTIN = new Set(['bridge', 'host', 'none']);

export async function list({ res, query, engine }: RouteContext): Promise<void> {
  const f = new DockerFilters(parseFilters(query)).check(['name', 'id', 'driver', 'type', 'dangling', 'label', 'label!']);
  const builtin = (n: NetworkRecord) => BUILTIN.has(n.name);
  const dangling = f.bool('dangling');
  const out = engine.networks.all().filter((n) => f.any('name', (v) => n.name.includes(v))
    && f.any('id', (v) => n.id.startsWith(v))
    && f.any('driver', (v) => n.driver === v)
    && f.any('type', (v) => (v === 'builtin' ? builtin(n) : v === 'custom' ? !builtin(n) : false))
    && (dangling === undefined || dangling === (!builtin(n) && !engine.networks.inUse(n)))
    && f.labels(n.labels));
  sendJson(res, 200, out.map((n) => toNetworkJson(engine, n, false)));
}
