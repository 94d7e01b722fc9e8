/** `quai compose stop`: stop the services' containers, dependents first. */
import { stopServices } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose stop [OPTIONS] [SERVICE...]',
  description: 'Stop services',
  flags: [{ name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' }],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  const timeout = p.changed.has('timeout') ? (p.flags.timeout as number) : undefined;
  await ctx.withProgress('Stopping', (progress) => stopServices(ctx.engine, project, p.args, progress, timeout));
}
