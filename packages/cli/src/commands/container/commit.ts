import type { IdResponse } from '@quai/client';
import { parseNormalizedNamed, familiarRepository } from '@quai/common/reference';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  description: "Create a new image from a container's changes",
  aliases: ['quai container commit', 'quai commit'],
  flags: [
    { name: 'author', short: 'a', type: 'string', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'change', short: 'c', type: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', description: 'Commit message' },
    { name: 'pause', short: 'p', type: 'bool', default: true, description: 'Pause container during commit' },
  ],
  minArgs: 1,
  maxArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [container, target] = p.args;
  let repo: string | undefined;
  let tag: string | undefined;
  if (target) {
    const ref = parseNormalizedNamed(target);
    if (ref.digest) throw new Error('refusing to create a tag with a digest reference');
    repo = familiarRepository(ref);
    tag = ref.tag;
  }
  const changes = p.flags.change as string[];
  const res = await cli.client.json<IdResponse>('POST', '/commit', {
    query: {
      container, repo, tag,
      comment: (p.flags.message as string) || undefined,
      author: (p.flags.author as string) || undefined,
      changes: changes.length ? changes : undefined,
      pause: p.flags.pause ? '1' : '0',
    },
  });
  cli.out(`${res.Id}\n`);
}
