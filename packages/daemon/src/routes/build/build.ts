/**
 * `POST /build`: Docker's legacy build API. The body is the context tar;
 * the answer streams the builder's lines as `{"stream": ...}`, the image id
 * as `{"aux": {"ID": ...}}`, and a failure as `{"errorDetail": ...}` — always
 * 200 once the stream began, as dockerd does.
 */
import type { BuildCache } from '@quai/builder';
import { InvalidArgumentError } from '@quai/common';
import { clientTarError, paths, type EngineScope } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { queryBool } from '../../http-util.js';
import { LazyJsonStream } from '../images/json-stream.js';
import { queryJson } from '../../validation/query.js';
import { pruneBuildCache } from './cache-usage.js';

const caches = new WeakMap<EngineScope, BuildCache>();

/** The builder (and its Dockerfile parser) loads on the first build, not at daemon start: it is memory a daemon that never builds does not need. */
const builder = () => import('@quai/builder');

export async function buildCache(engine: EngineScope): Promise<BuildCache> {
  let c = caches.get(engine);
  if (!c) caches.set(engine, (c = new (await builder()).BuildCache(engine.dataRoot)));
  return c;
}

/**
 * `version=2` asks for BuildKit, which needs the /session gRPC stream quai
 * does not serve; say so plainly (a client would otherwise meet a 404).
 */
export const BUILDKIT_NOT_SUPPORTED = 'BuildKit is not supported by this daemon (quai has the legacy builder only): build without it, e.g. DOCKER_BUILDKIT=0 docker build';

function checkBuilderVersion(query: URLSearchParams): void {
  const version = query.get('version');
  if (!version || version === '1') return;
  if (version === '2') throw new InvalidArgumentError(BUILDKIT_NOT_SUPPORTED);
  throw new InvalidArgumentError(`invalid version "${version}"`);
}

/** `POST /session`: BuildKit's session stream. */
export function session(): void {
  throw new InvalidArgumentError(BUILDKIT_NOT_SUPPORTED);
}

export async function buildImage({ req, res, query, engine }: RouteContext): Promise<void> {
  checkBuilderVersion(query);
  const remote = query.get('remote');
  if (remote) throw new InvalidArgumentError('building from a remote context is not supported');
  const quiet = queryBool(query, 'q');
  const stream = new LazyJsonStream(res);
  const { build, extractContext } = await builder();
  await engine.quota.checkDisk();
  const context = await extractContext(await engine.quota.limit(req, 'build context'), paths.buildContextsDir(engine.config))
    .catch((err) => { throw clientTarError(err); });
  // With -q the lines are held back, and sent only if the build fails (as dockerd's notVerboseBuffer).
  const held: string[] = [];
  const output = {
    stream: (text: string) => { if (quiet) held.push(text); else stream.write({ stream: text }); },
    aux: (value: unknown) => stream.write({ aux: value }),
  };
  try {
    const image = await build(engine, await buildCache(engine), {
      contextDir: context.dir,
      dockerfile: query.get('dockerfile') || 'Dockerfile',
      tags: query.getAll('t').filter(Boolean),
      buildArgs: queryJson<Record<string, string | null>>(query, 'buildargs') ?? {},
      target: query.get('target') || undefined,
      noCache: queryBool(query, 'nocache'),
      rm: queryBool(query, 'rm', true),
      forceRm: queryBool(query, 'forcerm'),
      labels: queryJson<Record<string, string>>(query, 'labels'),
      networkMode: query.get('networkmode') || undefined,
      extraHosts: query.getAll('extrahosts').flatMap((h) => h.split(',')).filter(Boolean),
      cacheFrom: queryJson<string[]>(query, 'cachefrom'),
    }, output);
    if (quiet) stream.write({ stream: `${image.id}\n` });
  } catch (err) {
    // Before the first line a failure is a plain HTTP error (dockerd's errf); after it, a stream
    // line whose code (a RUN's exit status) the docker CLI exits with.
    if (held.length) stream.write({ stream: held.join('') });
    stream.fail(err, (err as { code?: unknown }).code);
  } finally {
    await context.remove();
  }
  stream.end();
}

/** `POST /build/prune`: cache entries and the images only they hold (cache-usage.ts). */
export async function pruneBuild({ res, query, engine }: RouteContext): Promise<void> {
  const report = await pruneBuildCache(engine, queryBool(query, 'all'));
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(report));
}
