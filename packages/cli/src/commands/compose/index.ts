/**
 * `quai compose [OPTIONS] COMMAND`: docker compose v2's global options, then
 * one of its commands, each in its own module here, imported only when named
 * (so `quai compose ps` loads neither the builder's tar code nor `up`'s):
 *
 *   quai compose -f a.yaml -f b.yaml -p demo --profile debug up -d --wait
 *                └──────────── global ─────────────────────┘ └verb┘└ its flags ┘
 */
import { checkArgs, helpText, parseFlags, UsageError, type CommandSpec, type Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { ComposeContext, type ComposeGlobals } from './context.js';

export interface ComposeCommand {
  spec: CommandSpec;
  run(ctx: ComposeContext, parsed: Parsed): Promise<void>;
}

/** Verb → [module, one-line help]; aliases point at the same module. */
const VERBS: Record<string, [string, string]> = {
  build: ['build', 'Build or rebuild services'],
  config: ['config', 'Parse, resolve and render compose file in canonical format'],
  cp: ['cp', 'Copy files/folders between a service container and the local filesystem'],
  create: ['create', 'Creates containers for a service'],
  down: ['down', 'Stop and remove containers, networks'],
  events: ['events', 'Receive real time events from containers'],
  exec: ['exec', 'Execute a command in a running container'],
  images: ['images', 'List images used by the created containers'],
  kill: ['kill', 'Force stop service containers'],
  logs: ['logs', 'View output from containers'],
  ls: ['ls', 'List running compose projects'],
  pause: ['pause', 'Pause services'],
  port: ['port', 'Print the public port for a port binding'],
  ps: ['ps', 'List containers'],
  pull: ['pull', 'Pull service images'],
  push: ['push', 'Push service images'],
  restart: ['restart', 'Restart service containers'],
  rm: ['rm', 'Removes stopped service containers'],
  run: ['run', 'Run a one-off command on a service'],
  start: ['start', 'Start services'],
  stop: ['stop', 'Stop services'],
  top: ['top', 'Display the running processes'],
  unpause: ['unpause', 'Unpause services'],
  up: ['up', 'Create and start containers'],
  version: ['version', 'Show the Docker Compose version information'],
};

export const spec: CommandSpec = {
  usage: 'compose [OPTIONS] COMMAND',
  description: 'Define and run multi-container applications with Docker',
  interspersed: false,
  flags: [
    { name: 'ansi', type: 'string', default: 'auto', description: 'Control when to print ANSI control characters ("never"|"always"|"auto")' },
    { name: 'env-file', type: 'list', valueName: 'stringArray', description: 'Specify an alternate environment file' },
    { name: 'file', short: 'f', type: 'list', valueName: 'stringArray', description: 'Compose configuration files' },
    { name: 'parallel', type: 'int', default: -1, description: 'Control max parallelism, -1 for unlimited' },
    { name: 'profile', type: 'list', valueName: 'stringArray', description: 'Specify a profile to enable' },
    { name: 'progress', type: 'string', default: 'auto', description: 'Set type of progress output (auto, tty, plain, quiet)' },
    { name: 'project-directory', type: 'string', description: 'Specify an alternate working directory (default: the path of the, first specified, Compose file)' },
    { name: 'project-name', short: 'p', type: 'string', description: 'Project name' },
    { name: 'compatibility', type: 'bool', hidden: true, description: 'Run compose in backward compatibility mode' },
  ],
};

export function help(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length)) + 3;
  return `${helpText(spec, 'compose').trimEnd()}\n\nCommands:\n${Object.entries(VERBS).map(([v, [, h]]) => `  ${v.padEnd(width)}${h}`).join('\n')}\n\nRun 'quai compose COMMAND --help' for more information on a command.\n`;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [verb, ...rest] = p.args;
  if (!verb) {
    cli.out(help());
    return;
  }
  const entry = VERBS[verb];
  if (!entry) throw new UsageError(`unknown docker command: "compose ${verb}"`, 'flag', 'See');
  const mod = (await import(`./${entry[0]}.js`)) as ComposeCommand;
  const parsed = parseFlags(mod.spec, rest);
  if (parsed.help) {
    cli.out(helpText(mod.spec, `compose ${verb}`));
    return;
  }
  checkArgs(mod.spec, parsed.args, `compose ${verb}`);
  const f = p.flags;
  const globals: ComposeGlobals = {
    files: f.file as string[],
    projectName: (f['project-name'] as string) || undefined,
    projectDirectory: (f['project-directory'] as string) || undefined,
    envFiles: (f['env-file'] as string[]).length ? (f['env-file'] as string[]) : undefined,
    profiles: f.profile as string[],
    progress: f.progress as string,
    ansi: f.ansi as string,
  };
  await mod.run(new ComposeContext(cli, globals), parsed);
}
