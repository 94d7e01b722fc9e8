import { readFileSync } from 'node:fs';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { CREATE_FLAGS } from './create-flags.js';
import { buildCreateRequest, type OptionsIo } from './create-options.js';
import { createContainer } from '../shared/container-create.js';

export const spec: CommandSpec = {
  usage: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create a new container',
  aliases: ['quai container create', 'quai create'],
  flags: CREATE_FLAGS,
  interspersed: false,
  minArgs: 1,
};

export function processIo(): OptionsIo {
  return { readFile: (p) => readFileSync(p, 'utf8'), env: process.env, cwd: process.cwd() };
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const req = buildCreateRequest(p, processIo(), { detach: false });
  const id = await createContainer(cli, req, { pull: p.flags.pull as string, quiet: p.flags.quiet === true });
  cli.out(`${id}\n`);
}
