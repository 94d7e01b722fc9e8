import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
  description: 'List port mappings or a specific mapping for the container',
  aliases: ['quai container port', 'quai port'],
  flags: [],
  minArgs: 1,
  maxArgs: 2,
};

type Ports = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [ref, want] = p.args as [string, string?];
  const c = await cli.client.json<{ NetworkSettings: { Ports: Ports | null } }>('GET', `/containers/${encodeURIComponent(ref)}/json`);
  const ports = c.NetworkSettings.Ports ?? {};
  if (want) {
    const key = want.includes('/') ? want : `${want}/tcp`;
    const list = ports[key];
    if (!list?.length) throw new StatusError(1, `Error: No public port '${key}' published for ${ref}`);
    cli.out(list.map((b) => `${b.HostIp}:${b.HostPort}\n`).join(''));
    return;
  }
  const keys = Object.keys(ports).sort((a, b) => parseInt(a) - parseInt(b));
  for (const key of keys) for (const b of ports[key] ?? []) cli.out(`${key} -> ${b.HostIp}:${b.HostPort}\n`);
}
