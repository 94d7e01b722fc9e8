/** `quai compose port SERVICE PRIVATE_PORT`: the host address a service's port is published on. */
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose port [OPTIONS] SERVICE PRIVATE_PORT',
  description: 'Print the public port for a port binding',
  flags: [
    { name: 'index', type: 'int', default: 0, description: 'Index of the container if service has multiple replicas' },
    { name: 'protocol', type: 'string', default: 'tcp', description: 'tcp or udp' },
  ],
  exactArgs: 2,
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const [service, port] = p.args;
  const name = await ctx.projectName();
  const index = (p.flags.index as number) || 1;
  const list = await ctx.engine.projectContainers(name, { services: [service!], oneoff: false });
  const c = list.find((x) => x.Labels?.[LABELS.containerNumber] === String(index));
  if (!c) throw new Error(`service "${service}" is not running`);
  const proto = p.flags.protocol as string;
  const binding = (c.Ports ?? []).find((x) => String(x.PrivatePort) === port && x.Type === proto && x.PublicPort);
  if (!binding) throw new Error(`no port ${port}/${proto} for container ${c.Names[0]!.replace(/^\//, '')}: 0.0.0.0:0`);
  ctx.cli.out(`${binding.IP || '0.0.0.0'}:${binding.PublicPort}\n`);
}
