/**
 * POST /containers/create, pulling the image first when the daemon does not
 * have it (Docker's "Unable to find image 'x' locally" flow).
 */
import { parseNormalizedNamed, familiarString } from '@quai/common/reference';
import { ApiError, type CreateResponse } from '@quai/client';
import type { Cli } from '../../cli.js';
import type { CreateRequest } from '../container/create-options.js';
import { pullImage } from './pull.js';

export async function createContainer(cli: Cli, req: CreateRequest, opts: { pull?: string; quiet?: boolean }): Promise<string> {
  const image = String(req.body.Image);
  const send = () =>
    cli.client.json<CreateResponse>('POST', '/containers/create', { query: { name: req.name, platform: req.platform }, body: req.body });
  const pull = () => pullImage(cli, image, { platform: req.platform, quiet: opts.quiet });
  if (opts.pull === 'always') await pull();
  let res: CreateResponse;
  try {
    res = await send();
  } catch (err) {
    if (!(err instanceof ApiError) || err.statusCode !== 404 || !/no such image/i.test(err.message) || opts.pull === 'never') throw err;
    let shown = image;
    try {
      shown = familiarString(parseNormalizedNamed(image));
    } catch {
      throw err;
    }
    cli.err(`Unable to find image '${shown}' locally\n`);
    await pull();
    res = await send();
  }
  for (const w of res.Warnings ?? []) cli.err(`WARNING: ${w}\n`);
  return res.Id;
}
