import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';
import { inspectObjects, type ObjectType } from '../shared/inspect.js';

export const spec: CommandSpec = {
  usage: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
  description: 'Return low-level information on Docker objects',
  flags: [
    { name: 'format', short: 'f', type: 'string', description: 'Format output using a custom template' },
    { name: 'size', short: 's', type: 'bool', description: 'Display total file sizes if the type is container' },
    { name: 'type', type: 'string', description: 'Only inspect objects of the given type' },
  ],
  minArgs: 1,
};

const ALL: ObjectType[] = ['container', 'image', 'volume', 'network'];

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const type = p.flags.type as string;
  if (type && !ALL.includes(type as ObjectType)) throw new StatusError(1, `"${type}" is not a valid value for --type`);
  await inspectObjects(cli, p.args, { format: p.flags.format as string, types: type ? [type as ObjectType] : ALL, size: p.flags.size === true });
}
