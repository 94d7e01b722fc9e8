/** `quai compose unpause`: unpause the services' containers. */
import { signalServices } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = { usage: 'compose unpause [SERVICE...]', description: 'Unpause services', flags: [] };

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  await ctx.withProgress('Running', (progress) => signalServices(ctx.engine, project, p.args, progress, 'unpause'));
}
