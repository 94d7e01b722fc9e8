/** `quai compose top`: the processes of each running container, under its name. */
import type { TopResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { tabwrite } from '../../format/tabwriter.js';
import type { ComposeContext } from './context.js';
import { containerNameOf } from './shared.js';

export const spec: CommandSpec = { usage: 'compose top [SERVICES...]', description: 'Display the running processes', flags: [] };

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const name = await ctx.projectName();
  const list = await ctx.engine.projectContainers(name, { services: p.args, oneoff: false, all: false });
  const tops = await Promise.all(list.map((c) => ctx.cli.client.json<TopResponse>('GET', `/containers/${c.Id}/top`)));
  list.forEach((c, i) => {
    const t = tops[i]!;
    ctx.cli.out(`${containerNameOf(c)}\n${tabwrite([t.Titles, ...t.Processes].map((r) => `${r.join('\t')}\n`).join(''))}\n`);
  });
}
