import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, describeError, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'rename CONTAINER NEW_NAME',
  description: 'Rename a container',
  aliases: ['quai container rename', 'quai rename'],
  flags: [],
  exactArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [ref, name] = p.args.map((a) => a.trim());
  if (!name) throw new StatusError(1, 'Error: neither old nor new names may be empty');
  try {
    await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/rename`, { query: { name } });
  } catch (err) {
    throw new StatusError(1, `${describeError(err)}\nError: failed to rename container named ${ref}`);
  }
}
