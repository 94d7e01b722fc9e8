/** `quai compose start`: start the services' existing containers, in dependency order. */
import { startServices } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = { usage: 'compose start [SERVICE...]', description: 'Start services', flags: [] };

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  await ctx.withProgress('Running', (progress) => startServices(ctx.engine, project, p.args, progress));
}
