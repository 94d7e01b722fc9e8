import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'namespace rm NAME [NAME...]',
  description: 'Remove namespaces with everything in them (containers, images, volumes, networks, socket)',
  aliases: ['quai namespace rm', 'quai namespace remove'],
  flags: [],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (name) => {
    await cli.client.json('DELETE', `/quai/namespaces/${encodeURIComponent(name)}`);
    cli.out(`${name}\n`);
  });
}
