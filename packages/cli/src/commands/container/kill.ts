import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Kill one or more running containers',
  aliases: ['quai container kill', 'quai kill'],
  flags: [{ name: 'signal', short: 's', type: 'string', description: 'Signal to send to the container' }],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/kill`, { query: { signal: (p.flags.signal as string) || undefined } });
    cli.out(`${ref}\n`);
  });
}
