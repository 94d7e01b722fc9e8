/** `quai compose restart`: restart the services' containers, in dependency order. */
import { restartServices } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose restart [OPTIONS] [SERVICE...]',
  description: 'Restart service containers',
  flags: [
    { name: 'no-deps', type: 'bool', description: "Don't restart dependent services" },
    { name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  const timeout = p.changed.has('timeout') ? (p.flags.timeout as number) : undefined;
  await ctx.withProgress('Restarting', (progress) => restartServices(ctx.engine, project, p.args, progress, timeout));
}
