import type { ImageDeleteItem } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'rmi [OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  aliases: ['quai image rm', 'quai image remove', 'quai rmi'],
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: 'Force removal of the image' },
    { name: 'no-prune', type: 'bool', description: 'Do not delete untagged parents' },
  ],
  minArgs: 1,
};

export function deleteLines(items: ImageDeleteItem[] | null | undefined, lower = false): string {
  return (items ?? [])
    .map((d) => (d.Untagged ? `${lower ? 'untagged' : 'Untagged'}: ${d.Untagged}\n` : d.Deleted ? `${lower ? 'deleted' : 'Deleted'}: ${d.Deleted}\n` : ''))
    .join('');
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    const items = await cli.client.json<ImageDeleteItem[]>('DELETE', `/images/${encodeURIComponent(ref)}`, {
      query: { force: p.flags.force === true || undefined, noprune: p.flags['no-prune'] === true || undefined },
    });
    cli.out(deleteLines(items));
  });
}
