/** `quai compose down`: stop and remove containers, networks (volumes with -v, images with --rmi). */
import { down, projectByName } from '@quai/compose/apply/down';
import { ComposeFileError } from '@quai/compose/load/errors';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose down [OPTIONS] [SERVICES]',
  description: 'Stop and remove containers, networks',
  flags: [
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'rmi', type: 'string', description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' },
    { name: 'timeout', short: 't', type: 'int', description: 'Specify a shutdown timeout in seconds' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const rmi = f.rmi as string;
  if (rmi && rmi !== 'all' && rmi !== 'local') throw new Error(`invalid value for --rmi: "${rmi}" (expected "local" or "all")`);
  // `down -p NAME` works without the project's files: what it made is found by label
  const project = await ctx.project().catch((err: unknown) => {
    if (err instanceof ComposeFileError && /no configuration file provided/.test(err.message) && ctx.globals.projectName) return projectByName(ctx.globals.projectName);
    throw err;
  });
  await ctx.withProgress('Running', (progress) => down(ctx.engine, project, {
    volumes: f.volumes === true,
    removeOrphans: f['remove-orphans'] === true,
    rmi,
    timeout: p.changed.has('timeout') ? (f.timeout as number) : undefined,
  }, progress));
}
