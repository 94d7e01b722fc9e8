import type { ImageSummary } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { imageContexts, IMAGES_DEFAULT, IMAGES_DIGESTS, IMAGE_HEADERS } from '../../format/image-context.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'images [OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  aliases: ['quai image ls', 'quai image list', 'quai images'],
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all images (default hides intermediate images)' },
    { name: 'digests', type: 'bool', description: 'Show digests' },
    { name: 'filter', short: 'f', type: 'list', valueName: 'filter', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  maxArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  const filters = [...(f.filter as string[])];
  if (p.args[0]) filters.push(`reference=${p.args[0]}`);
  const list = await cli.client.json<ImageSummary[]>('GET', '/images/json', {
    query: { all: f.all === true || undefined, filters: filtersParam(filters) },
  });
  const trunc = f['no-trunc'] !== true;
  const digests = f.digests === true;
  const now = Date.now();
  let rows = list.flatMap((img) => imageContexts(img, { trunc, digests, now }));
  if (f.quiet === true && !f.format) {
    // -q lists each image once
    const seen = new Set<unknown>();
    rows = rows.filter((r) => (seen.has(r.ID) ? false : (seen.add(r.ID), true)));
  }
  cli.out(
    renderList(
      { format: f.format as string, quiet: f.quiet === true, defaultTable: digests ? IMAGES_DIGESTS : IMAGES_DEFAULT, headers: IMAGE_HEADERS },
      rows,
    ),
  );
}
