/**
 * `quai stats [-a] [--no-stream] [--format] [CONTAINER...]`: one row per
 * container; streaming redraws the table each second (clearing the screen
 * on a terminal, as docker does) until interrupted.
 */
import type { ContainerSummary } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { STATS_DEFAULT, STATS_HEADERS, statsContext, type StatsSample } from '../../format/stats-context.js';

export const spec: CommandSpec = {
  usage: 'stats [OPTIONS] [CONTAINER...]',
  description: 'Display a live stream of container(s) resource usage statistics',
  aliases: ['quai container stats', 'quai stats'],
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all containers (default shows just running)' },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'no-stream', type: 'bool', description: 'Disable streaming stats and only pull the first result' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
  ],
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  let refs = p.args;
  if (!refs.length) {
    const list = await cli.client.json<ContainerSummary[]>('GET', '/containers/json', { query: { all: f.all === true || undefined } });
    refs = list.map((c) => c.Id);
  }
  const trunc = f['no-trunc'] !== true;
  const render = (samples: Map<string, StatsSample>) => renderList(
    { format: (f.format as string) ?? '', defaultTable: STATS_DEFAULT, headers: STATS_HEADERS },
    refs.filter((r) => samples.has(r)).map((r) => statsContext(samples.get(r)!, p.args.length ? r : r.slice(0, trunc ? 12 : 64), trunc)),
  );
  const samples = new Map<string, StatsSample>();
  if (f['no-stream'] === true) {
    await Promise.all(refs.map(async (ref) => {
      samples.set(ref, await cli.client.json<StatsSample>('GET', `/containers/${encodeURIComponent(ref)}/stats`, { query: { stream: false } }));
    }));
    cli.out(render(samples));
    return;
  }
  const tty = (cli.streams.stdout as { isTTY?: boolean }).isTTY;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    cli.out(`${tty ? '\x1b[2J\x1b[H' : ''}${render(samples)}`);
  };
  await Promise.all(refs.map(async (ref) => {
    const res = await cli.client.request('GET', `/containers/${encodeURIComponent(ref)}/stats`, { query: { stream: true } });
    let buffered = '';
    for await (const chunk of res) {
      buffered += String(chunk);
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        samples.set(ref, JSON.parse(line) as StatsSample);
        // One redraw for the samples of all containers arriving together.
        timer ??= setTimeout(draw, 100);
      }
    }
  }));
  if (timer) { clearTimeout(timer); draw(); }
}
