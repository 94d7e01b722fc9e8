/** `quai compose images`: the images the project's containers use. */
import { humanSize } from '@quai/common';
import { LABELS } from '@quai/compose/names';
import { splitReference } from '@quai/compose/apply/images';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { tabwrite } from '../../format/tabwriter.js';
import type { ComposeContext } from './context.js';
import { containerNameOf } from './shared.js';

export const spec: CommandSpec = {
  usage: 'compose images [OPTIONS] [SERVICE...]',
  description: 'List images used by the created containers',
  flags: [
    { name: 'format', type: 'string', default: 'table', description: 'Format the output. Values: [table | json]' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display IDs' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const name = await ctx.projectName();
  const list = await ctx.engine.projectContainers(name, { services: p.args, oneoff: false });
  const rows = await Promise.all(list.map(async (c) => {
    const img = await ctx.engine.image(c.ImageID);
    const [repo, tag] = splitReference(c.Image);
    return { ContainerName: containerNameOf(c), Repository: repo, Tag: tag, ID: (img?.Id ?? c.ImageID).replace('sha256:', '').slice(0, 12), Size: img?.Size ?? 0, Created: img?.Created, Service: c.Labels?.[LABELS.service] };
  }));
  if (p.flags.quiet === true) return ctx.cli.out([...new Set(rows.map((r) => r.ID))].map((i) => `${i}\n`).join(''));
  if (p.flags.format === 'json') return ctx.cli.out(`${JSON.stringify(rows)}\n`);
  const lines = [['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], ...rows.map((r) => [r.ContainerName, r.Repository, r.Tag, r.ID, humanSize(r.Size)])];
  ctx.cli.out(tabwrite(lines.map((l) => `${l.join('\t')}\n`).join('')));
}
