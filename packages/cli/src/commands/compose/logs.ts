/** `quai compose logs`: every container's output behind its `web-1  | ` prefix. */
import { LABELS } from '@quai/compose/names';
import { logName, LogPrinter } from '@quai/compose/apply/logs';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { timestampParam } from '../shared/filters.js';
import type { ComposeContext } from './context.js';
import { containerNameOf } from './shared.js';

export const spec: CommandSpec = {
  usage: 'compose logs [OPTIONS] [SERVICE...]',
  description: 'View output from containers',
  flags: [
    { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' },
    { name: 'index', type: 'int', description: 'index of the container if service has multiple replicas' },
    { name: 'no-color', type: 'bool', description: 'Produce monochrome output' },
    { name: 'no-log-prefix', type: 'bool', description: "Don't print prefix in logs" },
    { name: 'since', type: 'string', description: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', default: 'all', description: 'Number of lines to show from the end of the logs for each container' },
    { name: 'timestamps', short: 't', type: 'bool', description: 'Show timestamps' },
    { name: 'until', type: 'string', description: 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const name = await ctx.projectName();
  let list = await ctx.engine.projectContainers(name, { services: p.args, oneoff: false });
  if (p.changed.has('index')) list = list.filter((c) => c.Labels?.[LABELS.containerNumber] === String(f.index));
  const printer = new LogPrinter(ctx.cli.streams.stdout, { prefix: f['no-log-prefix'] !== true, color: ctx.color && f['no-color'] !== true });
  const names = list.map((c) => logName(containerNameOf(c), name));
  printer.register(names);
  await Promise.all(list.map(async (c, i) => {
    const tty = !!(await ctx.engine.inspect(c.Id)).Config.Tty;
    await printer.stream(ctx.cli.client, { id: c.Id, name: names[i]!, tty }, {
      follow: f.follow === true, tail: f.tail as string, timestamps: f.timestamps === true,
      since: timestampParam(f.since as string), until: timestampParam(f.until as string),
    });
  }));
}
