import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'export [OPTIONS] CONTAINER',
  description: "Export a container's filesystem as a tar archive",
  aliases: ['quai container export', 'quai export'],
  flags: [{ name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' }],
  exactArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const res = await cli.client.request('GET', `/containers/${encodeURIComponent(p.args[0]!)}/export`);
  const out = p.flags.output as string;
  if (out) await pipeline(res, createWriteStream(out));
  else for await (const chunk of res) cli.streams.stdout.write(chunk as Buffer);
}
