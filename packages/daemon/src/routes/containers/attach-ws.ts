/**
 * `GET /containers/{id}/attach/ws?stdin=&stdout=&stderr=&logs=&stream=`:
 * attach over a WebSocket, for the playground's browser terminal. Output
 * goes out as binary messages, raw (no 8-byte frames, as Docker's); text or
 * binary messages from the browser are the container's stdin. Detach keys
 * are honoured as on the hijacked attach.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { queryBool } from '../../http-util.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from './attach-detach.js';
import { bridge, type ClientSide } from './attach-stdio.js';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

export async function attachWebSocket(ctx: RouteContext): Promise<void> {
  const { query, params, engine, req } = ctx;
  if (!ctx.upgrade || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    throw new InvalidArgumentError('this endpoint needs a WebSocket upgrade');
  }
  const c = engine.containers.get(params.id!);
  const streams = { stdout: queryBool(query, 'stdout'), stderr: queryBool(query, 'stderr') };
  const stream = queryBool(query, 'stream', true);
  const interactive = queryBool(query, 'stdin') && !!c.config.OpenStdin && stream;
  const keys = parseDetachKeys(query.get('detachKeys') || DEFAULT_DETACH_KEYS);
  const session = interactive ? engine.containers.attachStdio(c.id, { stdin: true, ...streams, mux: false }) : undefined;
  const abort = new AbortController();
  const output = !interactive && stream ? await engine.containers.attachOutput(c.id, streams, abort.signal) : undefined;

  const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, ctx.upgrade!.socket as never, ctx.upgrade!.head, resolve));
  ws.on('error', () => {});
  engine.events.publish('container', 'attach', c.id, { ...c.config.Labels, image: c.imageRef, name: c.name });
  const send = (data: Buffer) => { if (ws.readyState === ws.OPEN) ws.send(data, { binary: true }); };
  if (queryBool(query, 'logs')) for await (const e of engine.containers.logs(c.id, { ...streams, follow: false })) send(e.data);

  if (session) {
    await bridge(wsClient(ws), session, { keys: c.config.Tty ? keys : [], endWithInput: true });
    return;
  }
  ws.on('close', () => abort.abort());
  ws.on('message', () => {}); // no stdin asked for
  if (output) for await (const e of output) send(e.data);
  ws.close();
}

function wsClient(ws: WebSocket): ClientSide {
  return {
    onInput: (h) => ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => h(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data))),
    onEnd: () => {}, // a WebSocket has no half-close
    onClose: (h) => ws.on('close', h),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    write: (data) => { if (ws.readyState === ws.OPEN) ws.send(data, { binary: true }); return true; },
    onDrain: () => {},
    end: () => ws.close(),
  };
}
