import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'diff CONTAINER',
  description: "Inspect changes to files or directories on a container's filesystem",
  aliases: ['quai container diff', 'quai diff'],
  flags: [],
  exactArgs: 1,
};

const KINDS = ['C', 'A', 'D'];

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const changes = await cli.client.json<Array<{ Path: string; Kind: number }> | null>('GET', `/containers/${encodeURIComponent(p.args[0]!)}/changes`);
  for (const c of changes ?? []) cli.out(`${KINDS[c.Kind] ?? '?'} ${c.Path}\n`);
}
