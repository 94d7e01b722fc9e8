/**
 * `GET /events`: past events since `since`, then live ones until `until`
 * (or until the client leaves), as newline-delimited JSON in Docker's shape.
 */
import type { EngineEvent } from '@quai/engine';
import { DockerFilters, InvalidArgumentError, type EventMessage } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { parseFilters } from '../../http-util.js';

export function toDockerEvent(e: EngineEvent): EventMessage {
  const time = Number(e.timeNano / 1_000_000_000n);
  const legacy = e.type === 'container' || e.type === 'image'
    ? { status: e.action, id: e.actorId, ...(e.type === 'container' ? { from: e.attributes.image } : {}) }
    : {};
  return { ...legacy, Type: e.type, Action: e.action, Actor: { ID: e.actorId, Attributes: e.attributes }, scope: 'local', time, timeNano: Number(e.timeNano) };
}

/** Docker's `since`/`until`: unix seconds with optional fraction (`1700000000.123`). */
function parseEventTime(value: string | null): bigint | undefined {
  if (!value) return undefined;
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`invalid timestamp: ${value}`);
    return BigInt(ms) * 1_000_000n;
  }
  return BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

export function eventMatches(e: EngineEvent, filters: DockerFilters): boolean {
  return filters.any('type', (v) => v === e.type)
    && filters.any('event', (v) => v === e.action || e.action.startsWith(`${v}:`))
    && filters.any('container', (v) => e.type === 'container' && (e.actorId.startsWith(v) || e.attributes.name === v))
    && filters.any('image', (v) => e.attributes.image === v || (e.type === 'image' && (e.actorId === v || e.attributes.name === v)))
    && filters.labels(e.attributes)
    && filters.any('scope', (v) => v === 'local');
}

export async function events({ req, res, query, engine }: RouteContext): Promise<void> {
  const filters = new DockerFilters(parseFilters(query));
  const since = parseEventTime(query.get('since'));
  const until = parseEventTime(query.get('until'));
  const nowNano = BigInt(Date.now()) * 1_000_000n;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  const send = (e: EngineEvent) => {
    if ((until === undefined || e.timeNano <= until) && eventMatches(e, filters)) res.write(JSON.stringify(toDockerEvent(e)) + '\n');
  };
  if (since !== undefined) for (const e of engine.events.replay(since)) if (e.timeNano <= nowNano) send(e);
  if (until !== undefined && until <= nowNano) { res.end(); return; }
  const unsubscribe = engine.events.subscribe(send);
  const timer = until !== undefined ? setTimeout(() => res.end(), Number((until - nowNano) / 1_000_000n)) : undefined;
  await new Promise<void>((resolve) => {
    res.on('close', resolve);
    req.on('close', resolve);
  });
  clearTimeout(timer);
  unsubscribe();
}
