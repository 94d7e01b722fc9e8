import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Stop one or more running containers',
  aliases: ['quai container stop', 'quai stop'],
  flags: [
    { name: 'signal', short: 's', type: 'string', description: 'Signal to send to the container' },
    { name: 'time', short: 't', type: 'int', description: 'Seconds to wait before killing the container' },
    { name: 'timeout', type: 'int', description: 'Seconds to wait before killing the container', hidden: true },
  ],
  minArgs: 1,
};

/** Shared by stop and restart: only send what the user set, as Docker does. */
export function stopQuery(p: Parsed): Record<string, string | number | undefined> {
  const t = p.changed.has('time') ? p.flags.time : p.changed.has('timeout') ? p.flags.timeout : undefined;
  return { signal: (p.flags.signal as string) || undefined, t: t as number | undefined };
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/stop`, { query: stopQuery(p) });
    cli.out(`${ref}\n`);
  });
}
