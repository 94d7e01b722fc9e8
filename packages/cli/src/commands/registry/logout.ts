import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { removeAuth, serverKey } from './credentials.js';

export const spec: CommandSpec = {
  usage: 'logout [SERVER]',
  description: 'Log out from a registry',
  aliases: ['quai logout'],
  flags: [],
  maxArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const key = serverKey(p.args[0]);
  if (removeAuth(key)) cli.out(`Removing login credentials for ${p.args[0] ?? key}\n`);
  else cli.err(`Not logged in to ${p.args[0] ?? key}\n`);
}
