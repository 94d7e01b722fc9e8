import type { WaitResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'wait CONTAINER [CONTAINER...]',
  description: 'Block until one or more containers stop, then print their exit codes',
  aliases: ['quai container wait', 'quai wait'],
  flags: [],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    const r = await cli.client.json<WaitResponse>('POST', `/containers/${encodeURIComponent(ref)}/wait`);
    cli.out(`${r.StatusCode}\n`);
  });
}
