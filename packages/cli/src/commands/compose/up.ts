/**
 * `quai compose up`: build or pull images, create networks and volumes,
 * create/recreate/start containers in dependency order. With -d it returns
 * (after --wait, once all is running and healthy); attached, it prints every
 * container's output behind a coloured `web-1  | ` prefix until they stop,
 * stopping them all on Ctrl-C or, with --abort-on-container-exit, when one exits.
 */
import { LABELS } from '@quai/compose/names';
import { logName, LogPrinter } from '@quai/compose/apply/logs';
import { stopServices } from '@quai/compose/apply/lifecycle';
import { up, type UpOptions } from '@quai/compose/apply/up';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError } from '../../cli.js';
import { registryAuthHeader } from '../registry/credentials.js';
import type { ComposeContext } from './context.js';
import { parseScale } from './shared.js';

export const spec: CommandSpec = {
  usage: 'compose up [OPTIONS] [SERVICE...]',
  description: 'Create and start containers',
  flags: [
    { name: 'abort-on-container-exit', type: 'bool', description: 'Stops all containers if any container was stopped. Incompatible with -d' },
    { name: 'always-recreate-deps', type: 'bool', description: 'Recreate dependent containers. Incompatible with --no-recreate.' },
    { name: 'attach', type: 'list', valueName: 'stringArray', description: 'Restrict attaching to the specified services. Incompatible with --attach-dependencies.' },
    { name: 'build', type: 'bool', description: 'Build images before starting containers' },
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: Run containers in the background' },
    { name: 'exit-code-from', type: 'string', description: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' },
    { name: 'force-recreate', type: 'bool', description: "Recreate containers even if their configuration and image haven't changed" },
    { name: 'no-attach', type: 'list', valueName: 'stringArray', description: "Do not attach (stream logs) to the specified services" },
    { name: 'no-build', type: 'bool', description: "Don't build an image, even if it's policy" },
    { name: 'no-color', type: 'bool', description: 'Produce monochrome output' },
    { name: 'no-deps', type: 'bool', description: "Don't start linked services" },
    { name: 'no-log-prefix', type: 'bool', description: "Don't print prefix in logs" },
    { name: 'no-recreate', type: 'bool', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    { name: 'no-start', type: 'bool', description: "Don't start the services after creating them" },
    { name: 'pull', type: 'string', default: 'policy', description: 'Pull image before running ("always"|"missing"|"never")' },
    { name: 'quiet-pull', type: 'bool', description: 'Pull without printing progress information' },
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'scale', type: 'list', valueName: 'scale', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
    { name: 'timeout', short: 't', type: 'int', description: 'Use this timeout in seconds for container shutdown when attached or when containers are already running' },
    { name: 'timestamps', type: 'bool', description: 'Show timestamps' },
    { name: 'wait', type: 'bool', description: 'Wait for services to be running|healthy. Implies detached mode.' },
    { name: 'wait-timeout', type: 'int', description: 'Maximum duration in seconds to wait for the project to be running|healthy' },
  ],
};

function pullPolicy(flag: string): UpOptions['pullPolicy'] {
  if (flag === 'policy' || flag === '') return undefined;
  if (flag === 'always' || flag === 'missing' || flag === 'never') return flag;
  throw new Error(`invalid --pull option "${flag}": expected always, missing, never or policy`);
}

export function upOptions(p: Parsed, services: string[]): UpOptions {
  const f = p.flags;
  if (f['force-recreate'] && f['no-recreate']) throw new Error('--force-recreate and --no-recreate are incompatible');
  return {
    services,
    build: f.build === true,
    noBuild: f['no-build'] === true,
    pullPolicy: pullPolicy(f.pull as string),
    noDeps: f['no-deps'] === true,
    forceRecreate: f['force-recreate'] === true,
    noRecreate: f['no-recreate'] === true,
    removeOrphans: f['remove-orphans'] === true || process.env.COMPOSE_REMOVE_ORPHANS === 'true',
    scale: parseScale(f.scale as string[]),
    timeout: p.changed.has('timeout') ? (f.timeout as number) : undefined,
    auth: registryAuthHeader,
  };
}

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const wait = f.wait === true;
  const detach = f.detach === true || wait;
  const exitCodeFrom = (f['exit-code-from'] as string) || undefined;
  const abort = f['abort-on-container-exit'] === true || !!exitCodeFrom;
  if (detach && abort) throw new Error('--abort-on-container-exit and --detach are incompatible');
  const project = await ctx.project(p.args);
  const opts: UpOptions = {
    ...upOptions(p, p.args),
    start: f['no-start'] !== true,
    wait,
    waitTimeoutMs: p.changed.has('wait-timeout') ? (f['wait-timeout'] as number) * 1000 : undefined,
  };
  let services: string[] = [];
  await ctx.withProgress('Running', async (progress) => {
    opts.onOutput = (text) => progress.note(text.replace(/\n$/, ''));
    services = await up(ctx.engine, project, opts, progress);
  });
  if (detach || opts.start === false) return;

  // Attached: every container's output until they stop.
  const attachOnly = (f.attach as string[]).length ? (f.attach as string[]) : services;
  const skip = new Set(f['no-attach'] as string[]);
  const containers = (await ctx.engine.projectContainers(project.name, { oneoff: false, services }))
    .filter((c) => attachOnly.includes(c.Labels?.[LABELS.service] ?? '') && !skip.has(c.Labels?.[LABELS.service] ?? ''));
  const printer = new LogPrinter(ctx.cli.streams.stdout, { prefix: f['no-log-prefix'] !== true, color: ctx.color && f['no-color'] !== true });
  const names = containers.map((c) => logName(c.Names[0]!.replace(/^\//, ''), project.name));
  printer.register(names);
  ctx.cli.out(`Attaching to ${names.join(', ')}\n`);
  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  const stopAll = (why: string) => {
    stopping ??= (async () => {
      ctx.cli.out(`${why}\n`);
      await ctx.withProgress('Stopping', (progress) => stopServices(ctx.engine, project, services, progress, opts.timeout));
    })();
    return stopping;
  };
  let interrupted = 0;
  const onSigint = () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    void stopAll('Gracefully stopping... (press Ctrl+C again to force)');
  };
  process.on('SIGINT', onSigint);
  try {
    await Promise.all(containers.map(async (c, i) => {
      const tty = !!(await ctx.engine.inspect(c.Id)).Config.Tty;
      await printer.stream(ctx.cli.client, { id: c.Id, name: names[i]!, tty }, { follow: true, timestamps: f.timestamps === true });
      const { StatusCode } = await ctx.engine.wait(c.Id).catch(() => ({ StatusCode: 0 }));
      ctx.cli.out(`${names[i]} exited with code ${StatusCode}\n`);
      const service = c.Labels?.[LABELS.service];
      if (exitCodeFrom ? service === exitCodeFrom : abort && !stopping) exitCode = exitCode || StatusCode;
      if (abort && !stopping) await stopAll('Aborting on container exit...');
    }));
    if (stopping) await stopping;
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (exitCode) throw new StatusError(exitCode);
}
