/**
 * `quai compose run SERVICE [CMD...]`: a one-off container of a service
 * (label oneoff=True, name <project>-<service>-run-<slug>), its dependencies
 * started first unless --no-deps; attached to the terminal, exiting with the
 * command's status; --rm removes it afterwards. Ports are published only
 * with -p or --service-ports, as in docker compose.
 */
import { randomBytes } from 'node:crypto';
import { containerConfig } from '@quai/compose/apply/container-config';
import { createWithNetworks } from '@quai/compose/apply/converge';
import { injectFiles } from '@quai/compose/apply/inject';
import { ensureImages } from '@quai/compose/apply/images';
import { ensureResources } from '@quai/compose/apply/resources';
import { up } from '@quai/compose/apply/up';
import { withDependencies } from '@quai/compose/graph';
import { parsePortShort } from '@quai/compose/load/canonical';
import { splitShellWords } from '@quai/compose/load/shell-words';
import { oneOffName } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError } from '../../cli.js';
import { attachContainer } from '../shared/attach.js';
import { registryAuthHeader } from '../registry/credentials.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose run [OPTIONS] SERVICE [COMMAND] [ARGS...]',
  description: 'Run a one-off command on a service',
  interspersed: false,
  flags: [
    { name: 'build', type: 'bool', description: 'Build image before starting container' },
    { name: 'detach', short: 'd', type: 'bool', description: 'Run container in background and print container ID' },
    { name: 'entrypoint', type: 'string', description: 'Override the entrypoint of the image' },
    { name: 'env', short: 'e', type: 'list', valueName: 'stringArray', description: 'Set environment variables' },
    { name: 'interactive', short: 'i', type: 'bool', default: true, description: 'Keep STDIN open even if not attached' },
    { name: 'label', short: 'l', type: 'list', valueName: 'stringArray', description: 'Add or override a label' },
    { name: 'name', type: 'string', description: 'Assign a name to the container' },
    { name: 'no-TTY', short: 'T', type: 'bool', description: 'Disable pseudo-TTY allocation (default: auto-detected)' },
    { name: 'no-deps', type: 'bool', description: "Don't start linked services" },
    { name: 'publish', short: 'p', type: 'list', valueName: 'stringArray', description: "Publish a container's port(s) to the host" },
    { name: 'quiet-pull', type: 'bool', description: 'Pull without printing progress information' },
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'rm', type: 'bool', description: 'Automatically remove the container when it exits' },
    { name: 'service-ports', type: 'bool', description: "Run command with all service's ports enabled and mapped to the host" },
    { name: 'use-aliases', type: 'bool', description: "Use the service's network useAliases in the network(s) the container connects to" },
    { name: 'user', short: 'u', type: 'string', description: 'Run as specified username or uid' },
    { name: 'volume', short: 'v', type: 'list', valueName: 'stringArray', description: 'Bind mount a volume' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Working directory inside the container' },
  ],
  minArgs: 1,
};

const kv = (list: string[]) => Object.fromEntries(list.map((e) => {
  const i = e.indexOf('=');
  return i < 0 ? [e, process.env[e] ?? ''] : [e.slice(0, i), e.slice(i + 1)];
}));

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const [serviceName, ...cmd] = p.args;
  const project = await ctx.project([serviceName!]);
  const service = project.services[serviceName!];
  if (!service) throw new Error(`no such service: ${serviceName}`);
  const deps = withDependencies(project, [serviceName!]).filter((s) => s !== serviceName);
  const engine = ctx.engine;
  const imageIds = await ctx.withProgress('Running', async (progress) => {
    if (deps.length && f['no-deps'] !== true) await up(engine, project, { services: deps, auth: registryAuthHeader }, progress);
    const ids = await ensureImages(engine, project, [serviceName!], progress, { build: f.build === true, auth: registryAuthHeader, onOutput: (t) => progress.note(t.replace(/\n$/, '')) });
    await ensureResources(engine, project, [serviceName!], progress);
    return ids;
  });
  const slug = randomBytes(32).toString('hex');
  const name = (f.name as string) || oneOffName(project.name, serviceName!, slug);
  const detach = f.detach === true;
  const stdinIsTty = !!ctx.cli.streams.stdin.isTTY;
  const tty = f['no-TTY'] !== true && stdinIsTty && !detach;
  const interactive = f.interactive !== false && !detach;
  const ports = (f.publish as string[]).flatMap(parsePortShort);
  const body = containerConfig(project, service, {
    number: 0, name, oneOff: { slug, useAliases: f['use-aliases'] === true }, imageId: imageIds.get(serviceName!),
    command: cmd.length ? cmd : undefined,
    entrypoint: p.changed.has('entrypoint') ? splitShellWords(f.entrypoint as string) : undefined,
    env: kv(f.env as string[]), labels: kv(f.label as string[]),
    tty, interactive, ports: f['service-ports'] === true ? service.ports : ports,
    user: (f.user as string) || undefined, workdir: (f.workdir as string) || undefined,
  });
  const hc = body.HostConfig as Record<string, unknown>;
  if ((f.volume as string[]).length) hc.Binds = [...((hc.Binds as string[] | undefined) ?? []), ...(f.volume as string[])];
  const id = await createWithNetworks(engine, name, body);
  await injectFiles(engine, project, service, id);
  if (detach) {
    await engine.start(id);
    ctx.cli.out(`${name}\n`);
    return;
  }
  const session = await attachContainer(ctx.cli, id, { stdin: interactive, stdout: true, stderr: true, tty });
  let status = 0;
  try {
    await engine.start(id);
    session.followSize();
    await session.done.catch(() => {});
    status = (await engine.wait(id)).StatusCode;
  } finally {
    session.close();
    if (f.rm === true) await engine.remove(id, { force: true }).catch(() => {});
  }
  if (status) throw new StatusError(status);
}
