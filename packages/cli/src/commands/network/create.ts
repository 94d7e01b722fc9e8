import type { NetworkCreateResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { keyValues } from '../volume/key-values.js';

export const spec: CommandSpec = {
  usage: 'network create [OPTIONS] NETWORK',
  description: 'Create a network',
  flags: [
    { name: 'attachable', type: 'bool', description: 'Enable manual container attachment' },
    { name: 'driver', short: 'd', type: 'string', description: 'Driver to manage the Network (default "bridge")' },
    { name: 'gateway', type: 'list', valueName: 'strings', description: 'IPv4 or IPv6 Gateway for the master subnet' },
    { name: 'internal', type: 'bool', description: 'Restrict external access to the network' },
    { name: 'ip-range', type: 'list', valueName: 'strings', description: 'Allocate container ip from a sub-range' },
    { name: 'label', type: 'list', description: 'Set metadata on a network' },
    { name: 'opt', short: 'o', type: 'list', valueName: 'map', description: 'Set driver specific options (default map[])' },
    { name: 'subnet', type: 'list', valueName: 'strings', description: 'Subnet in CIDR format that represents a network segment' },
  ],
  minArgs: 1,
  maxArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const subnets = p.flags.subnet as string[];
  const gateways = p.flags.gateway as string[];
  const ranges = p.flags['ip-range'] as string[];
  if ((gateways.length || ranges.length) && !subnets.length) throw new Error('every ip-range or gateway must have a corresponding subnet');
  const config = subnets.map((Subnet, i) => ({ Subnet, ...(gateways[i] ? { Gateway: gateways[i] } : {}), ...(ranges[i] ? { IPRange: ranges[i] } : {}) }));
  const r = await cli.client.json<NetworkCreateResponse>('POST', '/networks/create', {
    body: {
      Name: p.args[0], Driver: (p.flags.driver as string | undefined) || 'bridge', Internal: p.flags.internal === true,
      Attachable: p.flags.attachable === true, IPAM: { Driver: 'default', Config: config },
      Options: keyValues(p.flags.opt as string[]), Labels: keyValues(p.flags.label as string[]),
    },
  });
  cli.out(`${r.Id}\n`);
}
