import type { TopResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { tabwrite } from '../../format/tabwriter.js';

export const spec: CommandSpec = {
  usage: 'top CONTAINER [ps OPTIONS]',
  description: 'Display the running processes of a container',
  aliases: ['quai container top', 'quai top'],
  interspersed: false,
  flags: [],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [ref, ...psArgs] = p.args;
  const top = await cli.client.json<TopResponse>('GET', `/containers/${encodeURIComponent(ref!)}/top`, {
    query: { ps_args: psArgs.length ? psArgs.join(' ') : undefined },
  });
  const rows = [top.Titles, ...top.Processes].map((r) => `${r.join('\t')}\n`).join('');
  cli.out(tabwrite(rows, 20, 1));
}
