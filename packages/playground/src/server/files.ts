/**
 * Files in and out of an instance's shell, always through the engine's
 * archive API (`PUT`/`GET /containers/ID/archive`), which resolves the path
 * inside the container's root: the playground never touches a host path.
 *
 *   PUT ?path=dir/notes.txt   body = the bytes → a tar of dir/notes.txt, extracted in the working directory
 *                             (missing folders are made; an existing symlink is followed, inside the container)
 *   GET ?path=notes.txt       → the file, as an attachment
 *   GET ?path=dir             → dir.tar, the folder as the engine archives it
 */
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '@quai/client';
import tar from 'tar-stream';
import type { PlayEngine } from './engine.js';
import { readBody, type Request } from './http.js';
import type { Instance } from './instance.js';
import { PlayError } from './messages.js';
import { filesQuery, validated } from './schemas.js';

const MAX_UPLOAD = 64 * 1024 * 1024;
/** Go's os.ModeDir, as the engine reports a path's mode in X-Docker-Container-Path-Stat. */
const MODE_DIR = 2 ** 31;

function relativePath(r: Request): string {
  return validated(filesQuery, Object.fromEntries(r.url.searchParams)).path;
}

function notFoundAs(path: string) {
  return (err: unknown): never => {
    if (err instanceof ApiError && err.statusCode === 404) throw new PlayError(404, 'noSuchPath', { path });
    throw err;
  };
}

/** RFC 6266 filename, ASCII-safe plus the UTF-8 form. */
function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function upload(engine: PlayEngine, r: Request, instance: Instance): Promise<void> {
  const path = relativePath(r);
  const body = await readBody(r.req, MAX_UPLOAD);
  const pack = tar.pack();
  pack.entry({ name: path, mode: 0o644, size: body.length }, body);
  pack.finalize();
  const res = await engine.shells.request('PUT', `/containers/${instance.shellId}/archive`, { query: { path: instance.workdir }, body: pack });
  res.resume();
  r.res.writeHead(201, { 'Content-Type': 'application/json' });
  r.res.end(JSON.stringify({ path: posix.join(instance.workdir, path), size: body.length }));
}

export async function download(engine: PlayEngine, r: Request, instance: Instance): Promise<void> {
  const path = relativePath(r);
  const res = await engine.shells.request('GET', `/containers/${instance.shellId}/archive`, { query: { path: `${instance.workdir}/${path}` } })
    .catch(notFoundAs(path));
  const statHeader = res.headers['x-docker-container-path-stat'];
  const stat = JSON.parse(Buffer.from(typeof statHeader === 'string' ? statHeader : '', 'base64').toString('utf8') || '{}') as { name?: string; mode?: number; size?: number };
  const name = stat.name || posix.basename(path);
  if (Math.floor((stat.mode ?? 0) / MODE_DIR) % 2 === 1) {
    r.res.writeHead(200, { 'Content-Type': 'application/x-tar', 'Content-Disposition': attachment(`${name}.tar`) });
    await pipeline(res, r.res);
    return;
  }
  // A file comes as a one-entry tar: send just its bytes.
  const extract = tar.extract();
  let sent = false;
  extract.on('entry', (header, stream, next) => {
    if (sent || header.type !== 'file') {
      stream.resume();
      stream.on('end', next);
      return;
    }
    sent = true;
    r.res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': header.size ?? 0, 'Content-Disposition': attachment(name) });
    (stream as unknown as NodeJS.ReadableStream).pipe(r.res, { end: false });
    stream.on('end', next);
  });
  await pipeline(res, extract);
  if (!sent) throw new PlayError(404, 'noSuchPath', { path });
  r.res.end();
}
