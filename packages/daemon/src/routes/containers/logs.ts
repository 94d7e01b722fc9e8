/**
 * `GET /containers/{id}/logs`: Docker's 8-byte frames unless the container
 * has a TTY; with `follow`, streams until the container stops or the client
 * leaves (the abort ends the engine's follower, nothing stays behind).
 */
import { InvalidArgumentError, parseTimestamp } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { queryBool } from '../../http-util.js';
import { frame } from '../../hijack.js';

export async function logs({ req, res, params, query, engine }: RouteContext): Promise<void> {
  const c = engine.containers.get(params.id!);
  const stdout = queryBool(query, 'stdout');
  const stderr = queryBool(query, 'stderr');
  if (!stdout && !stderr) throw new InvalidArgumentError('You must choose at least one stream');
  const tailRaw = query.get('tail');
  const tail = !tailRaw || tailRaw === 'all' ? undefined : Number(tailRaw);
  if (tail !== undefined && !Number.isInteger(tail)) throw new InvalidArgumentError(`invalid value for tail: ${tailRaw}`);
  const sinceRaw = query.get('since');
  const untilRaw = query.get('until');
  const abort = new AbortController();
  req.on('close', () => abort.abort());
  res.on('close', () => abort.abort());
  const entries = engine.containers.logs(c.id, {
    stdout, stderr,
    follow: queryBool(query, 'follow'),
    tail: tail !== undefined && tail >= 0 ? tail : undefined,
    sinceMs: sinceRaw && sinceRaw !== '0' ? parseTimestamp(sinceRaw) : undefined,
    untilMs: untilRaw && untilRaw !== '0' ? parseTimestamp(untilRaw) : undefined,
  }, abort.signal);
  const timestamps = queryBool(query, 'timestamps');
  const tty = !!c.config.Tty;
  res.writeHead(200, { 'Content-Type': tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream' });
  res.flushHeaders();
  for await (const e of entries) {
    if (res.destroyed) break;
    const data = timestamps ? Buffer.concat([Buffer.from(`${e.time} `), e.data]) : e.data;
    res.write(tty ? data : frame(e.stream === 'stdout' ? 1 : 2, data));
  }
  res.end();
}
