/**
 * `HEAD|GET|PUT /containers/{id}/archive?path=`: the stat of a path (as the
 * base64 JSON header X-Docker-Container-Path-Stat), a tar of it, or a tar
 * extracted into it. `docker cp` uses all three.
 */
import { InvalidArgumentError, NotFoundError } from '@quai/common';
import { clientTarError, type PathStat } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { queryBool, sendNoContent } from '../../http-util.js';

const STAT_HEADER = 'X-Docker-Container-Path-Stat';
const encodeStat = (s: PathStat) => Buffer.from(JSON.stringify(s)).toString('base64');

function pathParam(query: URLSearchParams): string {
  const path = query.get('path');
  if (!path) throw new InvalidArgumentError('Path cannot be empty');
  return path;
}

/** A path that vanishes while it is resolved (a symlink into /proc, a file removed meanwhile) is not there: dockerd's 404. */
function notThere(ref: string, path: string) {
  return (err: NodeJS.ErrnoException): never => {
    if (err?.code === 'ENOENT') throw new NotFoundError(`Could not find the file ${path} in container ${ref}`);
    throw err;
  };
}

export async function archiveHead({ res, params, query, engine }: RouteContext): Promise<void> {
  const stat = await engine.containers.statPath(params.id!, pathParam(query)).catch(notThere(params.id!, pathParam(query)));
  res.setHeader(STAT_HEADER, encodeStat(stat));
  sendNoContent(res, 200);
}

export async function archiveGet({ req, res, params, query, engine }: RouteContext): Promise<void> {
  if (req.method === 'HEAD') return archiveHead({ req, res, params, query, engine } as RouteContext);
  await engine.containers.readArchive(params.id!, pathParam(query), (stat) => {
    res.writeHead(200, { 'Content-Type': 'application/x-tar', [STAT_HEADER]: encodeStat(stat) });
    return res;
  }).catch(notThere(params.id!, pathParam(query)));
}

export async function archivePut({ req, res, params, query, engine }: RouteContext): Promise<void> {
  await engine.containers.extractArchive(params.id!, pathParam(query), req, {
    noOverwriteDirNonDir: queryBool(query, 'noOverwriteDirNonDir'),
    copyUIDGID: queryBool(query, 'copyUIDGID'),
  }).catch((err) => notThere(params.id!, pathParam(query))(clientTarError(err) as NodeJS.ErrnoException));
  sendNoContent(res, 200);
}

/** `GET /containers/{id}/export`: the root filesystem as a tar. */
export async function exportContainer({ res, params, engine }: RouteContext): Promise<void> {
  const c = engine.containers.get(params.id!);
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  await engine.containers.export(c.id, res);
}

/** `GET /containers/{id}/changes`: [{Path, Kind}] (0 changed, 1 added, 2 deleted). */
export async function changes({ res, params, engine }: RouteContext): Promise<void> {
  const list = await engine.containers.changes(params.id!);
  const body = JSON.stringify(list.length ? list : null);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
