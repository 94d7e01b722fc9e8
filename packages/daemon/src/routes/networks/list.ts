/** `GET /networks?filters=`: name, id, driver, label, type (custom|builtin), dangling. */
import { InvalidArgumentError } from '@quai/common';
import type { NetworkRecord } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { parseFilters, sendJson } from '../../http-util.js';
import { toNetworkJson } from './shape.js';

const BUILTIN = new Set(['bridge', 'host', 'none']);

export async function list({ res, query, engine }: RouteContext): Promise<void> {
  const filters = parseFilters(query);
  const used = (n: NetworkRecord) => engine.networks.inUse(n);
  const out = engine.networks.all().filter((n) => [...filters].every(([key, values]) => values.some((v) => {
    switch (key) {
      case 'name': return n.name.includes(v);
      case 'id': return n.id.startsWith(v);
      case 'driver': return n.driver === v;
      case 'type': return v === 'builtin' ? BUILTIN.has(n.name) : v === 'custom' ? !BUILTIN.has(n.name) : false;
      case 'dangling': return ['true', '1'].includes(v) ? !BUILTIN.has(n.name) && !used(n) : BUILTIN.has(n.name) || used(n);
      case 'label': {
        const [k, want] = v.split(/=(.*)/s);
        return k! in n.labels && (want === undefined || n.labels[k!] === want);
      }
      default: throw new InvalidArgumentError(`invalid filter '${key}'`);
    }
  })));
  sendJson(res, 200, out.map((n) => toNetworkJson(engine, n, false)));
}
