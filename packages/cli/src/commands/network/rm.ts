import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'network rm NETWORK [NETWORK...]',
  description: 'Remove one or more networks',
  aliases: ['quai network rm', 'quai network remove'],
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Do not error if the network does not exist' }],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('DELETE', `/networks/${encodeURIComponent(ref)}`);
    cli.out(`${ref}\n`);
  });
}
