/** `quai compose rm`: remove the services' stopped containers (-s stops them first, -f asks nothing). */
import { removeStopped } from '@quai/compose/apply/lifecycle';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { confirm } from '../shared/confirm.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose rm [OPTIONS] [SERVICE...]',
  description: 'Removes stopped service containers',
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: "Don't ask to confirm removal" },
    { name: 'stop', short: 's', type: 'bool', description: 'Stop the containers, if required, before removing' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove any anonymous volumes attached to containers' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const project = await ctx.project(p.args);
  await ctx.withProgress('Removing', (progress) => removeStopped(ctx.engine, project, p.args, progress, {
    stop: f.stop === true,
    volumes: f.volumes === true,
    list: f.force === true ? undefined : (names) => confirm(ctx.cli, `Going to remove ${names.join(', ')}`),
  }));
}
