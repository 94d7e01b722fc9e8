import { ramInBytes } from '@quai/common';
import { UsageError, type CommandSpec, type Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { parseNanoCpus } from '../container/create-options.js';
import { keyValues } from '../volume/key-values.js';

export const spec: CommandSpec = {
  usage: 'namespace create [OPTIONS] NAME',
  description: 'Create a namespace: an isolated Docker host served on its own socket (printed)',
  flags: [
    { name: 'policy', type: 'string', description: 'default, or playground (no privileged, host paths, host namespaces, devices, extra capabilities)' },
    { name: 'memory', short: 'm', type: 'string', description: 'Memory for all its containers together (e.g. 512m)' },
    { name: 'cpus', type: 'string', description: 'CPUs for all its containers together' },
    { name: 'pids', type: 'string', description: 'Processes for all its containers together' },
    { name: 'disk', type: 'string', description: 'Disk for its unique layers, writable layers, volumes and build cache (e.g. 2g)' },
    { name: 'containers', type: 'string', description: 'How many containers it may hold' },
    { name: 'images', type: 'string', description: 'How many images it may hold' },
    { name: 'volumes', type: 'string', description: 'How many volumes it may hold' },
    { name: 'networks', type: 'string', description: 'How many networks it may hold' },
    { name: 'publish-address', type: 'string', description: 'Host address its published ports bind to' },
    { name: 'label', type: 'list', description: 'Set metadata on the namespace' },
  ],
  minArgs: 1,
  maxArgs: 1,
};

function size(value: string | undefined, flag: string): number | undefined {
  if (!value) return undefined;
  try {
    return ramInBytes(value);
  } catch (err) {
    throw new UsageError(`invalid argument "${value}" for "--${flag}" flag: ${(err as Error).message}`);
  }
}

function count(value: string | undefined, flag: string): number | undefined {
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`invalid argument "${value}" for "--${flag}" flag: not a whole number`);
  return Number(value);
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = (name: string) => p.flags[name] as string | undefined;
  const r = await cli.client.json<{ Socket: string }>('POST', '/quai/namespaces', {
    body: {
      Name: p.args[0],
      Policy: f('policy') || 'default',
      Quota: {
        Memory: size(f('memory'), 'memory'),
        NanoCpus: f('cpus') ? parseNanoCpus(f('cpus')!) : undefined,
        Pids: count(f('pids'), 'pids'),
        Disk: size(f('disk'), 'disk'),
        Containers: count(f('containers'), 'containers'),
        Images: count(f('images'), 'images'),
        Volumes: count(f('volumes'), 'volumes'),
        Networks: count(f('networks'), 'networks'),
      },
      PublishAddress: f('publish-address') || '',
      Labels: keyValues(p.flags.label as string[]),
    },
  });
  cli.out(`unix://${r.Socket}\n`);
}
