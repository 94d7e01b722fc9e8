/** `quai update [--memory --memory-swap --cpus --cpu-shares --pids-limit --restart] CONTAINER...`. */
import { ramInBytes } from '@quai/common';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { UsageError } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';
import { parseNanoCpus } from './create-options.js';

export const spec: CommandSpec = {
  usage: 'update [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Update configuration of one or more containers',
  aliases: ['quai container update', 'quai update'],
  flags: [
    { name: 'cpu-shares', short: 'c', type: 'int', description: 'CPU shares (relative weight)' },
    { name: 'cpu-period', type: 'int', description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
    { name: 'cpu-quota', type: 'int', description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
    { name: 'cpus', type: 'string', valueName: 'decimal', description: 'Number of CPUs' },
    { name: 'cpuset-cpus', type: 'string', description: 'CPUs in which to allow execution (0-3, 0,1)' },
    { name: 'memory', short: 'm', type: 'string', valueName: 'bytes', description: 'Memory limit' },
    { name: 'memory-reservation', type: 'string', valueName: 'bytes', description: 'Memory soft limit' },
    { name: 'memory-swap', type: 'string', valueName: 'bytes', description: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' },
    { name: 'pids-limit', type: 'int', description: 'Tune container pids limit (set -1 for unlimited)' },
    { name: 'restart', type: 'string', description: 'Restart policy to apply when a container exits' },
  ],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  const has = (n: string) => p.changed.has(n);
  const bytes = (n: string) => (f[n] === '-1' ? -1 : ramInBytes(f[n] as string));
  const body: Record<string, unknown> = {};
  if (has('cpu-shares')) body.CpuShares = f['cpu-shares'];
  if (has('cpu-period')) body.CpuPeriod = f['cpu-period'];
  if (has('cpu-quota')) body.CpuQuota = f['cpu-quota'];
  if (has('cpus')) body.NanoCpus = parseNanoCpus(f.cpus as string);
  if (has('cpuset-cpus')) body.CpusetCpus = f['cpuset-cpus'];
  if (has('memory')) body.Memory = bytes('memory');
  if (has('memory-reservation')) body.MemoryReservation = bytes('memory-reservation');
  if (has('memory-swap')) body.MemorySwap = bytes('memory-swap');
  if (has('pids-limit')) body.PidsLimit = f['pids-limit'];
  if (has('restart')) {
    const [name = '', count] = (f.restart as string).split(':');
    if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(name)) throw new UsageError(`invalid restart policy format: ${f.restart}`);
    body.RestartPolicy = { Name: name, MaximumRetryCount: count ? Number(count) : 0 };
  }
  if (!Object.keys(body).length) throw new UsageError('you must provide one or more flags when using this command', 'args');
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/update`, { body });
    cli.out(`${ref}\n`);
  });
}
