/**
 * `POST /containers/{id}/wait?condition=`: the status line goes out at once
 * (clients start the container only after it), the body at the exit.
 */
import type { WaitResponse } from '@quai/common';
import { parseWaitCondition } from '@quai/engine';
import type { RouteContext } from '../../router.js';

export async function wait({ res, params, query, engine }: RouteContext): Promise<void> {
  const abort = new AbortController();
  const code = engine.containers.wait(params.id!, parseWaitCondition(query.get('condition')), abort.signal);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  const closed = new Promise<'closed'>((resolve) => res.on('close', () => { abort.abort(); resolve('closed'); }));
  const result = await Promise.race([code, closed]);
  const answer: WaitResponse = { StatusCode: result === 'closed' ? -1 : result, Error: null };
  if (result !== 'closed') res.end(JSON.stringify(answer) + '\n');
}
