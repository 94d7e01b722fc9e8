import { parseNormalizedNamed, familiarRepository } from '@quai/common/reference';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  aliases: ['quai image tag', 'quai tag'],
  flags: [],
  exactArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [source, target] = p.args;
  const ref = parseNormalizedNamed(target);
  if (ref.digest && !ref.tag) throw new Error('refusing to create a tag with a digest reference');
  await cli.client.json('POST', `/images/${encodeURIComponent(source)}/tag`, { query: { repo: familiarRepository(ref), tag: ref.tag } });
}
