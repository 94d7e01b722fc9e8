/**
 * The `quai` CLI entry: `main(['run', '--rm', 'busybox', 'echo', 'hi'])`.
 *
 * Global flags come first (-H/--host, -D, --log-level); then a command, either
 * top-level (`ps`) or grouped (`container ls`). Command modules are imported
 * only once chosen, so startup stays cheap. Exit codes follow Docker: 125 for
 * flag errors and failures of run/create themselves, 1 for other errors, the
 * container's status for `run`.
 */
import { Cli, StatusError, describeError, type Streams } from './cli.js';
import { parseFlags, checkArgs, helpText, UsageError, type CommandSpec, type Parsed } from './args/parse.js';
import { ROUTES, GROUPS, usageText } from './routes.js';

export const VERSION = '0.1.0';

export interface CommandModule {
  spec: CommandSpec;
  run(cli: Cli, parsed: Parsed): Promise<void>;
  /** --help text, when the spec's own is not the whole story (`compose` lists its commands). */
  help?(): string;
}

/** `run` reports its own failures as Docker does: "quai: ..." + help hint, status 125. */
const RUN_LIKE = new Set(['container/run']);

export async function main(argv: string[], streams: Streams = process): Promise<void> {
  // `quai logs x | head`: a reader that goes away ends us quietly, as with any Unix tool.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const code = await runCli(argv, streams);
  process.exitCode = code;
}

export async function runCli(argv: string[], streams: Streams): Promise<number> {
  let host: string | undefined;
  let i = 0;
  // global options, before the command
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-H' || a === '--host') host = argv[++i];
    else if (a.startsWith('--host=')) host = a.slice(7);
    else if (a.startsWith('-H') && a.length > 2) host = a.slice(2).replace(/^=/, '');
    else if (a === '--log-level' || a === '-l' || a === '--config' || a === '--context' || a === '-c') i++;
    else if (/^--(log-level|config|context)=/.test(a) || a === '-D' || a === '--debug' || a === '--tls' || a === '--tlsverify') continue;
    else if (a === '-v' || a === '--version') {
      streams.stdout.write(`quai version ${VERSION}\n`);
      return 0;
    } else if (a === '--help' || a === '-h') {
      streams.stdout.write(usageText());
      return 0;
    } else if (a.startsWith('-')) {
      streams.stderr.write(`unknown flag: ${a}\nSee 'quai --help'.\n`);
      return 125;
    } else break;
  }
  const rest = argv.slice(i);
  if (!rest.length) {
    streams.stdout.write(usageText());
    return 0;
  }
  let name = rest[0];
  let route = ROUTES[name];
  let args = rest.slice(1);
  if (!route && GROUPS[name]) {
    const verb = rest[1];
    if (!verb || verb === '--help') {
      streams.stdout.write(GROUPS[name]());
      return 0;
    }
    route = ROUTES[`${name} ${verb}`];
    if (!route) {
      streams.stderr.write(`quai: unknown command: quai ${name} ${verb}\n\nUsage:  quai ${name}\n\nRun 'quai ${name} --help' for more information\n`);
      return 1;
    }
    name = `${name} ${verb}`;
    args = rest.slice(2);
  }
  if (!route) {
    streams.stderr.write(`quai: unknown command: quai ${name}\n\nRun 'quai --help' for more information\n`);
    return 1;
  }

  const mod = (await import(`./commands/${route}.js`)) as CommandModule;
  const cli = new Cli(streams, host, name);
  const runLike = RUN_LIKE.has(route);
  try {
    const parsed = parseFlags(mod.spec, args);
    if (parsed.help) {
      streams.stdout.write(mod.help?.() ?? helpText(mod.spec, name));
      return 0;
    }
    checkArgs(mod.spec, parsed.args, name);
    await mod.run(cli, parsed);
    return 0;
  } catch (err) {
    if (err instanceof StatusError) {
      if (err.message) streams.stderr.write(`${err.message}\n`);
      return err.status;
    }
    if (err instanceof UsageError) {
      const usage = `Usage:  quai ${mod.spec.usage}\n\n${err.hint} 'quai ${name} --help' for more information\n`;
      if (err.kind === 'args') {
        streams.stderr.write(`quai: ${err.message}\n\n${usage}`);
        return 1;
      }
      streams.stderr.write(`${err.message}\n\n${usage}`);
      return 125;
    }
    const msg = describeError(err);
    if (runLike) {
      streams.stderr.write(`quai: ${msg}\n\nRun 'quai ${name} --help' for more information\n`);
      return 125;
    }
    streams.stderr.write(`${msg}\n`);
    return (err as { exitCode?: number }).exitCode ?? 1;
  }
}
