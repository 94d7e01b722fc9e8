import { demuxStream, type ContainerInspect } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { timestampParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'logs [OPTIONS] CONTAINER',
  description: 'Fetch the logs of a container',
  aliases: ['quai container logs', 'quai logs'],
  flags: [
    { name: 'details', type: 'bool', description: 'Show extra details provided to logs' },
    { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' },
    { name: 'since', type: 'string', description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { name: 'tail', short: 'n', type: 'string', default: 'all', description: 'Number of lines to show from the end of the logs' },
    { name: 'timestamps', short: 't', type: 'bool', description: 'Show timestamps' },
    { name: 'until', type: 'string', description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
  ],
  exactArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  const ref = encodeURIComponent(p.args[0]);
  const c = await cli.client.json<ContainerInspect>('GET', `/containers/${ref}/json`);
  const res = await cli.client.request('GET', `/containers/${ref}/logs`, {
    query: {
      stdout: true,
      stderr: true,
      follow: f.follow === true || undefined,
      timestamps: f.timestamps === true || undefined,
      details: f.details === true || undefined,
      tail: f.tail as string,
      since: timestampParam(f.since as string),
      until: timestampParam(f.until as string),
    },
  });
  if (c.Config.Tty) {
    for await (const chunk of res) cli.streams.stdout.write(chunk as Buffer);
    return;
  }
  await demuxStream(res, cli.streams.stdout, cli.streams.stderr);
}
