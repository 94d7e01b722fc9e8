import { parseNormalizedNamed, familiarRepository, parseReference } from '@quai/common/reference';
import type { JsonMessage } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { displayMessage } from '../shared/pull.js';
import { registryAuthHeader } from '../registry/credentials.js';

export const spec: CommandSpec = {
  usage: 'push [OPTIONS] NAME[:TAG]',
  description: 'Upload an image to a registry',
  aliases: ['quai image push', 'quai push'],
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Push all tags of an image to the repository' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
  ],
  exactArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const image = p.args[0];
  const all = p.flags['all-tags'] === true;
  const typed = parseReference(image);
  if (all && typed.tag) throw new Error('tag can\'t be used with --all-tags/-a');
  if (!all && !typed.tag && !p.flags.quiet) cli.out('Using default tag: latest\n');
  const ref = all ? typed : parseNormalizedNamed(image);
  const write = p.flags.quiet ? () => {} : (s: string) => cli.out(s);
  const path = `/images/${encodeURIComponent(familiarRepository(ref))}/push`;
  for await (const msg of cli.client.jsonLines<JsonMessage>('POST', path, { query: { tag: all ? undefined : ref.tag }, headers: registryAuthHeader(image) })) {
    displayMessage(msg, write);
  }
  if (p.flags.quiet) cli.out(`${familiarRepository(ref)}${all ? '' : `:${ref.tag}`}\n`);
}
