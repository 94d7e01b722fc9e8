/** `quai compose kill`: send a signal (SIGKILL by default) to the services' running containers. */
import { signalServices } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose kill [OPTIONS] [SERVICE...]',
  description: 'Force stop service containers',
  flags: [
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'signal', short: 's', type: 'string', default: 'SIGKILL', description: 'SIGNAL to send to the container' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  await ctx.withProgress('Killing', (progress) => signalServices(ctx.engine, project, p.args, progress, 'kill', p.flags.signal as string));
}
