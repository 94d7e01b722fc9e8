import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { StatusError } from '../../cli.js';
import { configPath, saveAuth, serverKey } from './credentials.js';

export const spec: CommandSpec = {
  usage: 'login [OPTIONS] [SERVER]',
  description: 'Authenticate to a registry',
  aliases: ['quai login'],
  flags: [
    { name: 'username', short: 'u', type: 'string', description: 'Username' },
    { name: 'password', short: 'p', type: 'string', description: 'Password or Personal Access Token (PAT)' },
    { name: 'password-stdin', type: 'bool', description: 'Take the Password or Personal Access Token (PAT) from stdin' },
  ],
  maxArgs: 1,
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const username = (p.flags.username as string) || '';
  let password = (p.flags.password as string) || '';
  if (p.flags['password-stdin']) {
    if (password) throw new StatusError(1, '--password and --password-stdin are mutually exclusive');
    if (!username) throw new StatusError(1, 'Must provide --username with --password-stdin');
    password = await readAll(cli.streams.stdin);
  } else if (password) {
    cli.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
  }
  if (!username || !password) throw new StatusError(1, 'Error: Cannot perform an interactive login from a non TTY device');
  const key = serverKey(p.args[0]);
  const res = await cli.client.json<{ Status: string; IdentityToken?: string }>('POST', '/auth', {
    body: { username, password, serveraddress: key },
  });
  saveAuth(key, res.IdentityToken ? { username, identitytoken: res.IdentityToken } : { username, password });
  cli.err(`WARNING! Your credentials are stored unencrypted in '${configPath()}'.\n`);
  cli.out(`${res.Status || 'Login Succeeded'}\n`);
}
