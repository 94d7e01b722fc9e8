import { createReadStream } from 'node:fs';
import type { JsonMessage } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';
import { displayMessage } from '../shared/pull.js';

export const spec: CommandSpec = {
  usage: 'load [OPTIONS]',
  description: 'Load an image from a tar archive or STDIN',
  aliases: ['quai image load', 'quai load'],
  flags: [
    { name: 'input', short: 'i', type: 'string', description: 'Read from tar archive file, instead of STDIN' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the load output' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const input = p.flags.input as string;
  if (!input && cli.streams.stdin.isTTY) {
    throw new StatusError(1, 'requested load from stdin, but stdin is empty');
  }
  const body = input ? createReadStream(input) : cli.streams.stdin;
  for await (const msg of cli.client.jsonLines<JsonMessage>('POST', '/images/load', { query: { quiet: p.flags.quiet === true || undefined }, body })) {
    displayMessage(msg, (s) => cli.out(s));
  }
}
