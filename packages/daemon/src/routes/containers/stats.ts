/**
 * `GET /containers/{id}/stats?stream=&one-shot=`. Streaming: one JSON
 * document a second until the client leaves. `stream=false`: one document,
 * taken a second after a first sample so precpu_stats is filled (as Docker);
 * with `one-shot=true` at once, precpu_stats empty.
 */
import type { StatsJson } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { queryBool, sendJson } from '../../http-util.js';

const INTERVAL_MS = 1000;

export async function stats({ req, res, params, query, engine }: RouteContext): Promise<void> {
  const c = engine.containers.get(params.id!);
  const stream = queryBool(query, 'stream', true);
  const sleep = () => new Promise((r) => setTimeout(r, INTERVAL_MS));
  if (!stream) {
    let sample = await engine.containers.stats(c.id);
    if (!queryBool(query, 'one-shot')) {
      await sleep();
      sample = await engine.containers.stats(c.id, sample);
    }
    sendJson(res, 200, sample);
    return;
  }
  let gone = false;
  req.on('close', () => { gone = true; });
  res.on('close', () => { gone = true; });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  let previous: StatsJson | undefined;
  while (!gone && !res.destroyed) {
    // The container may be removed while we stream: end quietly.
    const current = await engine.containers.stats(c.id, previous).catch(() => undefined);
    if (!current) break;
    res.write(JSON.stringify(current) + '\n');
    previous = current;
    await sleep();
  }
  res.end();
}
