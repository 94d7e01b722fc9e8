/** `GET /images/{name}/get` and `GET /images/get?names=a&names=b`: a `docker save` tar. */
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';

export async function saveOne(ctx: RouteContext): Promise<void> {
  await send(ctx, [ctx.params.name!]);
}

export async function saveMany(ctx: RouteContext): Promise<void> {
  const names = ctx.query.getAll('names').flatMap((n) => n.split(',')).filter(Boolean);
  if (!names.length) throw new InvalidArgumentError('no image names given');
  await send(ctx, names);
}

async function send({ res, engine }: RouteContext, names: string[]): Promise<void> {
  const archive = await engine.images.save(names);
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  await pipeline(archive, res);
}
