import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'network disconnect [OPTIONS] NETWORK CONTAINER',
  description: 'Disconnect a container from a network',
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Force the container to disconnect from a network' }],
  minArgs: 2,
  maxArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [network, container] = p.args as [string, string];
  await cli.client.json('POST', `/networks/${encodeURIComponent(network)}/disconnect`, { body: { Container: container, Force: p.flags.force === true } });
}
