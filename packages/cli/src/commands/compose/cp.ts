/**
 * `quai compose cp SERVICE:SRC DEST` (and back): `quai cp` on the service's
 * container (--index picks a replica).
 */
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { UsageError } from '../../args/parse.js';
import { run as copy } from '../container/cp.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tquai compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH',
  description: 'Copy files/folders between a service container and the local filesystem',
  flags: [
    { name: 'all', type: 'bool', hidden: true, description: 'Include containers created by the run command' },
    { name: 'archive', short: 'a', type: 'bool', description: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', type: 'bool', description: 'Always follow symbol link in SRC_PATH' },
    { name: 'index', type: 'int', default: 0, description: 'Index of the container if service has multiple replicas' },
  ],
  exactArgs: 2,
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const name = await ctx.projectName();
  const index = (p.flags.index as number) || 1;
  const args = await Promise.all(p.args.map(async (arg) => {
    const i = arg.indexOf(':');
    if (arg.startsWith('/') || arg.startsWith('.') || i <= 0) return arg;
    const service = arg.slice(0, i);
    const list = await ctx.engine.projectContainers(name, { services: [service], oneoff: false });
    const c = list.find((x) => x.Labels?.[LABELS.containerNumber] === String(index));
    if (!c) throw new UsageError(`no container found for service "${service}"`, 'args');
    return `${c.Id}:${arg.slice(i + 1)}`;
  }));
  await copy(ctx.cli, { ...p, args });
}
