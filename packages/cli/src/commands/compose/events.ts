/**
 * `quai compose events`: the engine's container events for this project, as
 * docker compose prints them (`2024-01-02 10:00:00.000000 container start <id> (name=..., image=...)`),
 * or one JSON object a line with --json.
 */
import type { EventMessage } from '@quai/client';
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose events [OPTIONS] [SERVICE...]',
  description: 'Receive real time events from containers',
  flags: [
    { name: 'json', type: 'bool', description: 'Output events as a stream of json objects' },
    { name: 'since', type: 'string', description: 'Show all events created since timestamp' },
    { name: 'until', type: 'string', description: 'Stream events until this timestamp' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const name = await ctx.projectName();
  const filters = { type: ['container'], label: [`${LABELS.project}=${name}`] };
  for await (const e of ctx.cli.client.jsonLines<EventMessage>('GET', '/events', { query: { filters: JSON.stringify(filters), since: (p.flags.since as string) || undefined, until: (p.flags.until as string) || undefined } })) {
    const attrs = e.Actor?.Attributes ?? {};
    const service = attrs[LABELS.service] ?? '';
    if (p.args.length && !p.args.includes(service)) continue;
    const time = new Date(Math.floor((e.timeNano ?? (e.time ?? 0) * 1e9) / 1e6)).toISOString();
    if (p.flags.json === true) {
      ctx.cli.out(`${JSON.stringify({ action: e.Action, attributes: { name: attrs.name, image: attrs.image }, id: e.Actor?.ID, service, time, type: 'container' })}\n`);
    } else {
      const shown = Object.entries({ image: attrs.image, name: attrs.name }).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(', ');
      ctx.cli.out(`${time.replace('T', ' ').replace('Z', '')} container ${e.Action} ${e.Actor?.ID ?? ''} (${shown})\n`);
    }
  }
}
