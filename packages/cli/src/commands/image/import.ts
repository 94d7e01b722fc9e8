import { createReadStream } from 'node:fs';
import type { JsonMessage } from '@quai/client';
import { parseNormalizedNamed, familiarRepository } from '@quai/common/reference';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { displayMessage } from '../shared/pull.js';

export const spec: CommandSpec = {
  usage: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  description: 'Import the contents from a tarball to create a filesystem image',
  aliases: ['quai image import', 'quai import'],
  flags: [
    { name: 'change', short: 'c', type: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', description: 'Set commit message for imported image' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable' },
  ],
  minArgs: 1,
  maxArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [source, target] = p.args;
  let repo: string | undefined;
  let tag: string | undefined;
  if (target) {
    const ref = parseNormalizedNamed(target);
    repo = familiarRepository(ref);
    tag = ref.tag;
  }
  const isUrl = /^https?:\/\//.test(source);
  const body = source === '-' ? cli.streams.stdin : isUrl ? undefined : createReadStream(source);
  const query = {
    fromSrc: source === '-' || !isUrl ? '-' : source,
    repo,
    tag,
    message: (p.flags.message as string) || undefined,
    changes: (p.flags.change as string[]).length ? (p.flags.change as string[]) : undefined,
    platform: (p.flags.platform as string) || undefined,
  };
  for await (const msg of cli.client.jsonLines<JsonMessage>('POST', '/images/create', { query, body })) {
    displayMessage(msg, (s) => cli.out(s));
  }
}
