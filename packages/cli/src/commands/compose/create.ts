/** `quai compose create`: `up` without starting anything. */
import { up } from '@quai/compose/apply/up';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';
import { upOptions } from './up.js';

export const spec: CommandSpec = {
  usage: 'compose create [OPTIONS] [SERVICE...]',
  description: 'Creates containers for a service',
  flags: [
    { name: 'build', type: 'bool', description: 'Build images before starting containers' },
    { name: 'force-recreate', type: 'bool', description: "Recreate containers even if their configuration and image haven't changed" },
    { name: 'no-build', type: 'bool', description: "Don't build an image, even if it's policy" },
    { name: 'no-recreate', type: 'bool', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    { name: 'pull', type: 'string', default: 'policy', description: 'Pull image before running ("always"|"missing"|"never"|"build")' },
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'scale', type: 'list', valueName: 'scale', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  await ctx.withProgress('Running', (progress) => up(ctx.engine, project, { ...upOptions(p, p.args), start: false, onOutput: (t) => progress.note(t.replace(/\n$/, '')) }, progress));
}
