import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'network connect [OPTIONS] NETWORK CONTAINER',
  description: 'Connect a container to a network',
  flags: [
    { name: 'alias', type: 'list', valueName: 'strings', description: 'Add network-scoped alias for the container' },
    { name: 'ip', type: 'string', description: 'IPv4 address (e.g., "172.30.100.104")' },
  ],
  minArgs: 2,
  maxArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [network, container] = p.args as [string, string];
  const ip = p.flags.ip as string | undefined;
  await cli.client.json('POST', `/networks/${encodeURIComponent(network)}/connect`, {
    body: { Container: container, EndpointConfig: { Aliases: p.flags.alias as string[], ...(ip ? { IPAMConfig: { IPv4Address: ip } } : {}) } },
  });
}
