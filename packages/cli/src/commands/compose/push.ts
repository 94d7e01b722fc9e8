/** `quai compose push`: push the images of the services that name one. */
import { familiarRepository, parseNormalizedNamed } from '@quai/common/reference';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { registryAuthHeader } from '../registry/credentials.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose push [OPTIONS] [SERVICE...]',
  description: 'Push service images',
  flags: [
    { name: 'ignore-push-failures', type: 'bool', description: 'Push what it can and ignores images with push failures' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Push without printing progress information' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  const names = p.args.length ? p.args : Object.keys(project.services);
  const refs = [...new Set(names.map((n) => project.services[n]?.image).filter((x): x is string => !!x))];
  await ctx.withProgress('Pushing', async (progress) => {
    for (const ref of refs) {
      const named = parseNormalizedNamed(ref);
      const id = `Image ${ref}`;
      progress.update(id, 'Pushing', 'working');
      try {
        for await (const _ of ctx.cli.client.jsonLines('POST', `/images/${encodeURIComponent(familiarRepository(named))}/push`, {
          query: { tag: named.tag }, headers: registryAuthHeader(ref),
        })) { /* progress lines */ }
        progress.update(id, 'Pushed', 'done');
      } catch (err) {
        progress.update(id, 'Error', 'error', (err as Error).message);
        if (p.flags['ignore-push-failures'] !== true) throw err;
      }
    }
  });
}
