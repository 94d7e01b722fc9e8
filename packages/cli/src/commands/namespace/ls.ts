import { bytesSize } from '@quai/common';
import type { NamespaceJson, NamespaceQuotaJson } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';

export const spec: CommandSpec = {
  usage: 'namespace ls [OPTIONS]',
  description: 'List namespaces',
  aliases: ['quai namespace ls', 'quai namespace list'],
  flags: [
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display namespace names' },
  ],
  maxArgs: 0,
};

/** `memory=512MiB cpus=1 containers=20`: the quota in a column. */
function quotaText(q: NamespaceQuotaJson): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q) as Array<[string, number]>) {
    if (k === 'Memory' || k === 'Disk') parts.push(`${k.toLowerCase()}=${bytesSize(v)}`);
    else if (k === 'NanoCpus') parts.push(`cpus=${v / 1e9}`);
    else parts.push(`${k.toLowerCase()}=${v}`);
  }
  return parts.join(' ') || '-';
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const list = await cli.client.json<NamespaceJson[]>('GET', '/quai/namespaces');
  const rows = list.map((n) => ({ ...n, Quota: quotaText(n.Quota), Socket: n.Socket ? `unix://${n.Socket}` : '(main socket)' }));
  cli.out(renderList({
    format: p.flags.format as string, quiet: p.flags.quiet === true, quietFormat: '{{.Name}}',
    defaultTable: '{{.Name}}\t{{.Policy}}\t{{.Quota}}\t{{.Socket}}',
    headers: { Name: 'NAME', Policy: 'POLICY', Quota: 'QUOTA', Socket: 'SOCKET', Created: 'CREATED', PublishAddress: 'PUBLISH ADDRESS' },
  }, rows));
}
