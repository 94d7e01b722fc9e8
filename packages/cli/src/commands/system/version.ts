import type { CommandSpec, Parsed } from '../../args/parse.js';
import { describeError, StatusError, type Cli } from '../../cli.js';
import { execute } from '../../format/go-template.js';
import { DEFAULT_API_VERSION, type VersionResponse } from '@quai/client';

export const spec: CommandSpec = {
  usage: 'version [OPTIONS]',
  description: 'Show the quai version information',
  flags: [{ name: 'format', short: 'f', type: 'string', description: 'Format output using a custom template' }],
  maxArgs: 0,
};


/** Go's time.ANSIC: "Mon Jan  2 15:04:05 2006". */
export function ansic(text: string | undefined): string {
  const d = new Date(text ?? '');
  if (Number.isNaN(d.getTime())) return text ?? '';
  const [wd, , mon, year, clock] = d.toUTCString().replace(',', '').split(' ');
  return `${wd} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock} ${year}`;
}

const pad = (k: string) => `${k}:`.padEnd(18);

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const apiVersion = cli.client.apiVersion ?? DEFAULT_API_VERSION;
  const client = {
    Version: '0.1.0',
    ApiVersion: apiVersion,
    DefaultAPIVersion: DEFAULT_API_VERSION,
    NodeVersion: process.version,
    GitCommit: '',
    BuildTime: '',
    Os: process.platform,
    Arch: process.arch === 'x64' ? 'amd64' : process.arch,
    Context: 'default',
  };
  let server: VersionResponse | undefined;
  let serverErr: unknown;
  try {
    server = await cli.client.json<VersionResponse>('GET', '/version');
  } catch (err) {
    serverErr = err;
  }
  if (p.flags.format) {
    cli.out(`${execute(p.flags.format as string, { Client: client, Server: server ?? null })}\n`);
    if (serverErr) throw new StatusError(1, describeError(serverErr));
    return;
  }
  const lines = [
    'Client:',
    ` ${pad('Version')}${client.Version}`,
    ` ${pad('API version')}${client.ApiVersion}`,
    ` ${pad('Node version')}${client.NodeVersion}`,
    ` ${pad('OS/Arch')}${client.Os}/${client.Arch}`,
    ` ${pad('Context')}${client.Context}`,
  ];
  cli.out(`${lines.join('\n')}\n`);
  if (!server) throw new StatusError(1, describeError(serverErr));
  const out = ['', `Server:${server.Platform?.Name ? ` ${server.Platform.Name}` : ''}`];
  const components = server.Components ?? [{ Name: 'Engine', Version: server.Version, Details: {} }];
  for (const c of components) {
    out.push(` ${c.Name}:`);
    if (c.Name === 'Engine') {
      const d = c.Details ?? {};
      out.push(
        `  ${pad('Version')}${c.Version}`,
        `  ${pad('API version')}${d.ApiVersion ?? server.ApiVersion} (minimum version ${d.MinAPIVersion ?? server.MinAPIVersion ?? ''})`,
        `  ${pad('Go version')}${d.GoVersion ?? server.GoVersion ?? ''}`,
        `  ${pad('Git commit')}${d.GitCommit ?? server.GitCommit ?? ''}`,
        `  ${pad('Built')}${ansic(d.BuildTime ?? server.BuildTime)}`,
        `  ${pad('OS/Arch')}${d.Os ?? server.Os}/${d.Arch ?? server.Arch}`,
        `  ${pad('Experimental')}${d.Experimental ?? String(server.Experimental ?? false)}`,
      );
    } else {
      out.push(`  ${pad('Version')}${c.Version}`);
      for (const [k, v] of Object.entries(c.Details ?? {})) out.push(`  ${pad(k)}${v}`);
    }
  }
  cli.out(`${out.join('\n')}\n`);
}
