/** `quai compose version`: which Compose this is (and which docker compose release it follows). */
import { COMPOSE_VERSION } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose version [OPTIONS]',
  description: 'Show the Docker Compose version information',
  flags: [
    { name: 'format', short: 'f', type: 'string', description: 'Format the output. Values: [pretty | json]. (Default: pretty)' },
    { name: 'short', type: 'bool', description: 'Shows only Compose\'s version number' },
  ],
  maxArgs: 0,
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  if (p.flags.short === true) return ctx.cli.out(`${COMPOSE_VERSION}\n`);
  if (p.flags.format === 'json') return ctx.cli.out(`${JSON.stringify({ version: `v${COMPOSE_VERSION}` })}\n`);
  ctx.cli.out(`quai compose version v${COMPOSE_VERSION} (docker compose compatible)\n`);
}
