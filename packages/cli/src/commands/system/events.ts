import { readLines, type EventMessage } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { parse, render } from '../../format/go-template.js';
import { rfc3339NanoFixed } from '../../format/go-time.js';
import { filtersParam, timestampParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'events [OPTIONS]',
  description: 'Get real time events from the server',
  aliases: ['quai system events', 'quai events'],
  flags: [
    { name: 'filter', short: 'f', type: 'list', valueName: 'filter', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'since', type: 'string', description: 'Show all events created since timestamp' },
    { name: 'until', type: 'string', description: 'Stream events until this timestamp' },
  ],
  maxArgs: 0,
};

/** Docker's prettyPrintEvent: time, type, action, actor id, sorted attributes. */
export function prettyEvent(e: EventMessage, timeNano?: string): string {
  let s = '';
  if (timeNano || e.timeNano) s += `${rfc3339NanoFixed(BigInt(timeNano ?? e.timeNano!))} `;
  else if (e.time) s += `${rfc3339NanoFixed(BigInt(e.time) * 1_000_000_000n)} `;
  s += `${e.Type} ${e.Action} ${e.Actor?.ID ?? ''}`;
  const attrs = e.Actor?.Attributes ?? {};
  const keys = Object.keys(attrs).sort();
  if (keys.length) s += ` (${keys.map((k) => `${k}=${attrs[k]}`).join(', ')})`;
  return `${s}\n`;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  let format = p.flags.format as string;
  if (format === 'json') format = '{{json .}}';
  const tmpl = format ? parse(format) : undefined;
  const res = await cli.client.request('GET', '/events', {
    query: {
      since: timestampParam(p.flags.since as string),
      until: timestampParam(p.flags.until as string),
      filters: filtersParam(p.flags.filter as string[]),
    },
  });
  for await (const line of readLines(res)) {
    const e = JSON.parse(line) as EventMessage;
    // timeNano has 19 digits: more than a double holds, so keep the text
    const nano = /"timeNano":(\d+)/.exec(line)?.[1];
    cli.out(tmpl ? `${render(tmpl, e)}\n` : prettyEvent(e, nano));
  }
}
