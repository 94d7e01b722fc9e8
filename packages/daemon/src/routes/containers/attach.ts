/**
 * `POST /containers/{id}/attach?stream=&stdout=&stderr=&logs=`: hijack the
 * connection and stream the container's output until it exits. This is how
 * `docker run` (attached, before start) gets output live.
 */
import type { RouteContext } from '../../router.js';
import { queryBool } from '../../http-util.js';
import { frame, hijack } from '../../hijack.js';

export async function attach(ctx: RouteContext): Promise<void> {
  const { query, params, engine } = ctx;
  const c = engine.containers.get(params.id!);
  const streams = { stdout: queryBool(query, 'stdout'), stderr: queryBool(query, 'stderr') };
  const tty = !!c.config.Tty;
  const abort = new AbortController();
  const output = queryBool(query, 'stream')
    ? await engine.containers.attachOutput(c.id, streams, abort.signal)
    : undefined;
  const past = queryBool(query, 'logs')
    ? engine.containers.logs(c.id, { ...streams, follow: false })
    : undefined;
  const socket = hijack(ctx, tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream');
  socket.on('close', () => abort.abort());
  // stdin is not forwarded yet: drain what the client sends.
  socket.resume();
  engine.events.publish('container', 'attach', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name });
  const write = (stream: 'stdout' | 'stderr', data: Buffer) => {
    if (!socket.destroyed) socket.write(tty ? data : frame(stream === 'stdout' ? 1 : 2, data));
  };
  if (past) for await (const e of past) write(e.stream, e.data);
  if (output) for await (const e of output) write(e.stream, e.data);
  socket.end();
}
