import { canonicalString } from '@quai/common/reference';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { pullImage } from '../shared/pull.js';

export const spec: CommandSpec = {
  usage: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
  description: 'Download an image from a registry',
  aliases: ['quai image pull', 'quai pull'],
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Download all tagged images in the repository' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
  ],
  exactArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const quiet = p.flags.quiet === true;
  if (!quiet && !/[:@][^/]*$/.test(p.args[0])) cli.out('Using default tag: latest\n');
  const ref = await pullImage(cli, p.args[0], { platform: (p.flags.platform as string) || undefined, quiet, out: (s) => cli.out(s) });
  cli.out(`${canonicalString(ref)}\n`);
}
