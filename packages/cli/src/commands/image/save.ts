import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'save [OPTIONS] IMAGE [IMAGE...]',
  description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  aliases: ['quai image save', 'quai save'],
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' },
    { name: 'platform', type: 'list', description: 'Save only the given platform(s)' },
  ],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const output = p.flags.output as string;
  const stdout = cli.streams.stdout as NodeJS.WritableStream & { isTTY?: boolean };
  if (!output && stdout.isTTY) throw new StatusError(1, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  const res = await cli.client.request('GET', '/images/get', { query: { names: p.args } });
  if (output) await pipeline(res, createWriteStream(output));
  else await pipeline(res, stdout, { end: false });
}
