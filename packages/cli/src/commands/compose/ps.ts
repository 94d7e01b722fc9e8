/**
 * `quai compose ps`: the project's containers as docker compose lists them
 * (NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS), running ones unless -a;
 * --format json gives one JSON object per line, -q the IDs, --services the names.
 */
import type { ContainerSummary } from '@quai/client';
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { containerContext } from '../../format/container-context.js';
import { renderList } from '../../format/list.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose ps [OPTIONS] [SERVICE...]',
  description: 'List containers',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all stopped containers (including those created by the run command)' },
    { name: 'filter', type: 'string', description: 'Filter services by a property (supported filters: status)' },
    { name: 'format', type: 'string', default: 'table', description: 'Format output using a custom template' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'orphans', type: 'bool', default: true, description: 'Include orphaned services (not declared by project)' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display IDs' },
    { name: 'services', type: 'bool', description: 'Display services' },
    { name: 'status', type: 'list', valueName: 'stringArray', description: 'Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]' },
  ],
};

const HEADERS = { Name: 'NAME', Image: 'IMAGE', Command: 'COMMAND', Service: 'SERVICE', RunningFor: 'CREATED', Status: 'STATUS', Ports: 'PORTS', ID: 'CONTAINER ID', State: 'STATE', Project: 'PROJECT' };
const TABLE = '{{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}';

function row(c: ContainerSummary, trunc: boolean, now: number): Record<string | symbol, unknown> {
  const base = containerContext(c, trunc, now);
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1]?.replace('health: ', '') ?? '';
  const exit = /^Exited \((\d+)\)/.exec(c.Status);
  return Object.assign(base, {
    Name: c.Names[0]!.replace(/^\//, ''),
    Service: c.Labels?.[LABELS.service] ?? '',
    Project: c.Labels?.[LABELS.project] ?? '',
    Health: health,
    ExitCode: exit ? Number(exit[1]) : 0,
    Publishers: (c.Ports ?? []).map((pt) => ({ URL: pt.IP ?? '', TargetPort: pt.PrivatePort, PublishedPort: pt.PublicPort ?? 0, Protocol: pt.Type })),
  });
}

/** What `--format json` prints for one container (docker compose's field names). */
function jsonOf(r: Record<string | symbol, unknown>): Record<string, unknown> {
  const keys = ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status'];
  return Object.fromEntries(keys.map((k) => [k, k === 'Command' ? JSON.parse(r[k] as string) : r[k]]));
}

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const name = await ctx.projectName();
  let list = await ctx.engine.projectContainers(name, { services: p.args, oneoff: f.all === true ? undefined : false });
  if (f.all !== true) list = list.filter((c) => c.State === 'running' || c.State === 'restarting' || c.State === 'paused');
  const status = [...(f.status as string[]), ...((f.filter as string).startsWith('status=') ? [(f.filter as string).slice(7)] : [])];
  if (status.length) list = list.filter((c) => status.includes(c.State));
  if (f.services === true) {
    ctx.cli.out([...new Set(list.map((c) => c.Labels?.[LABELS.service] ?? ''))].map((s) => `${s}\n`).join(''));
    return;
  }
  const now = Date.now();
  if (f.quiet === true) {
    ctx.cli.out(list.map((c) => `${c.Id}\n`).join(''));
    return;
  }
  if (f.format === 'json') {
    ctx.cli.out(list.map((c) => `${JSON.stringify(jsonOf(row(c, false, now)))}\n`).join(''));
    return;
  }
  const trunc = f['no-trunc'] !== true;
  ctx.cli.out(renderList({ format: f.format as string, defaultTable: TABLE, headers: HEADERS }, list.map((c) => row(c, trunc, now))));
}
