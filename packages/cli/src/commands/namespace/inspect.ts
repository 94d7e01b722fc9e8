import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { inspectObjects } from '../shared/inspect.js';

export const spec: CommandSpec = {
  usage: 'namespace inspect [OPTIONS] NAME [NAME...]',
  description: 'Display detailed information on one or more namespaces, with what each holds',
  flags: [{ name: 'format', short: 'f', type: 'string', description: 'Format output using a custom template' }],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await inspectObjects(cli, p.args, { format: p.flags.format as string, types: ['namespace'] });
}
