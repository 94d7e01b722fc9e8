/** start, stop, restart, kill, rename: each one engine call and a 204. */
import type { RouteContext } from '../../router.js';
import { queryInt, sendNoContent } from '../../http-util.js';

export async function start({ res, params, engine }: RouteContext): Promise<void> {
  await engine.containers.start(params.id!);
  sendNoContent(res);
}

export async function stop({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.stop(params.id!, { timeout: queryInt(query, 't'), signal: query.get('signal') || undefined });
  sendNoContent(res);
}

export async function restart({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.restart(params.id!, { timeout: queryInt(query, 't'), signal: query.get('signal') || undefined });
  sendNoContent(res);
}

export async function kill({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.kill(params.id!, query.get('signal') || 'SIGKILL');
  sendNoContent(res);
}

export async function rename({ res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.rename(params.id!, query.get('name') ?? '');
  sendNoContent(res);
}
