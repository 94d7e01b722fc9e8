/**
 * `quai compose exec SERVICE CMD...`: a command in a service's container
 * (--index picks a replica). A terminal is allocated when stdin is one,
 * unless -T.
 */
import type { ExecInspect, IdResponse } from '@quai/client';
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError } from '../../cli.js';
import { streamTerminal } from '../shared/attach.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose exec [OPTIONS] SERVICE COMMAND [ARGS...]',
  description: 'Execute a command in a running container',
  interspersed: false,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: Run command in the background' },
    { name: 'env', short: 'e', type: 'list', valueName: 'stringArray', description: 'Set environment variables' },
    { name: 'index', type: 'int', default: 0, description: 'Index of the container if service has multiple replicas' },
    { name: 'no-TTY', short: 'T', type: 'bool', description: 'Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.' },
    { name: 'privileged', type: 'bool', description: 'Give extended privileges to the process' },
    { name: 'user', short: 'u', type: 'string', description: 'Run the command as this user' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Path to workdir directory for this command' },
    { name: 'interactive', short: 'i', type: 'bool', default: true, hidden: true, description: 'Keep STDIN open even if not attached' },
    { name: 'tty', short: 't', type: 'bool', default: true, hidden: true, description: 'Allocate a pseudo-TTY' },
  ],
  minArgs: 2,
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const [service, ...cmd] = p.args;
  const name = await ctx.projectName();
  const index = (f.index as number) || 1;
  const list = await ctx.engine.projectContainers(name, { services: [service!], oneoff: false, all: false });
  const target = list.find((c) => c.Labels?.[LABELS.containerNumber] === String(index)) ?? (f.index ? undefined : list[0]);
  if (!target) throw new Error(`service "${service}" is not running`);
  const detach = f.detach === true;
  const stdinIsTty = !!ctx.cli.streams.stdin.isTTY;
  const tty = f['no-TTY'] !== true && f.tty !== false && stdinIsTty;
  const stdin = f.interactive !== false && !detach && (tty || !stdinIsTty);
  const { Id: id } = await ctx.cli.client.json<IdResponse>('POST', `/containers/${target.Id}/exec`, {
    body: {
      Cmd: cmd, Env: f.env, WorkingDir: f.workdir || undefined, User: f.user || undefined, Privileged: f.privileged === true,
      Tty: tty, AttachStdin: stdin, AttachStdout: !detach, AttachStderr: !detach,
    },
  });
  if (detach) {
    await ctx.cli.client.json('POST', `/exec/${id}/start`, { body: { Detach: true, Tty: tty } });
    return;
  }
  const { socket, head } = await ctx.cli.client.hijack('POST', `/exec/${id}/start`, { body: { Detach: false, Tty: tty } });
  if (!stdin) socket.end();
  const session = streamTerminal(ctx.cli, socket, head, { stdin, stdout: true, stderr: true, tty, resizePath: `/exec/${id}/resize` });
  session.followSize();
  await session.done.catch(() => {});
  session.close();
  const inspect = await ctx.cli.client.json<ExecInspect>('GET', `/exec/${id}/json`);
  if (inspect.ExitCode) throw new StatusError(inspect.ExitCode);
}
