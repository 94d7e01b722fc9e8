/** `quai compose pull`: pull the images of the services that have one (not those only built). */
import { pullImage } from '@quai/compose/apply/images';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { registryAuthHeader } from '../registry/credentials.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose pull [OPTIONS] [SERVICE...]',
  description: 'Pull service images',
  flags: [
    { name: 'ignore-buildable', type: 'bool', description: 'Ignore images that can be built' },
    { name: 'ignore-pull-failures', type: 'bool', description: 'Pull what it can and ignores images with pull failures' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Pull without printing progress information' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  const names = p.args.length ? p.args : Object.keys(project.services);
  const refs = [...new Set(names.map((n) => project.services[n]).filter((s) => s?.image && !(s.build && p.flags['ignore-buildable'] === true)).map((s) => s!.image!))];
  await ctx.withProgress('Pulling', async (progress) => {
    await Promise.all(refs.map((ref) => pullImage(ctx.engine, ref, progress, registryAuthHeader).catch((err) => {
      if (p.flags['ignore-pull-failures'] !== true) throw err;
    })));
  });
}
