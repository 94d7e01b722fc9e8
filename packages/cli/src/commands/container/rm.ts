import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Remove one or more containers',
  aliases: ['quai container rm', 'quai container remove', 'quai rm'],
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: 'Force the removal of a running container (uses SIGKILL)' },
    { name: 'link', short: 'l', type: 'bool', description: 'Remove the specified link' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove anonymous volumes associated with the container' },
  ],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('DELETE', `/containers/${encodeURIComponent(ref)}`, {
      query: { force: p.flags.force === true || undefined, v: p.flags.volumes === true || undefined, link: p.flags.link === true || undefined },
    });
    cli.out(`${ref}\n`);
  });
}
