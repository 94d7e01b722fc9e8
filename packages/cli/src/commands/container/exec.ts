/**
 * `quai exec [-d] [-i] [-t] [-e K=V] [-w DIR] [-u USER] CONTAINER CMD...`:
 * create the exec, start it over a hijacked connection (stdin copied in and
 * half-closed at EOF), then read its exit code from /exec/{id}/json.
 */
import type { ExecInspect, IdResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';
import { streamTerminal } from '../shared/attach.js';

export const spec: CommandSpec = {
  usage: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  description: 'Execute a command in a running container',
  aliases: ['quai container exec', 'quai exec'],
  interspersed: false,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: run command in the background' },
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'env', short: 'e', type: 'list', description: 'Set environment variables' },
    { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached' },
    { name: 'privileged', type: 'bool', description: 'Give extended privileges to the command' },
    { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY' },
    { name: 'user', short: 'u', type: 'string', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Working directory inside the container' },
  ],
  minArgs: 2,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  const [ref, ...cmd] = p.args;
  const detach = f.detach === true;
  const stdin = f.interactive === true && !detach;
  const tty = f.tty === true;
  const detachKeys = typeof f['detach-keys'] === 'string' && f['detach-keys'] ? f['detach-keys'] : undefined;
  const { Id: id } = await cli.client.json<IdResponse>('POST', `/containers/${encodeURIComponent(ref!)}/exec`, {
    body: {
      Cmd: cmd, Env: f.env, WorkingDir: f.workdir || undefined, User: f.user || undefined,
      Privileged: f.privileged === true, Tty: tty,
      AttachStdin: stdin, AttachStdout: !detach, AttachStderr: !detach, DetachKeys: detachKeys,
    },
  });
  if (detach) {
    await cli.client.json('POST', `/exec/${id}/start`, { body: { Detach: true, Tty: tty } });
    return;
  }
  const { socket, head } = await cli.client.hijack('POST', `/exec/${id}/start`, { body: { Detach: false, Tty: tty } });
  if (!stdin) socket.end();
  const session = streamTerminal(cli, socket, head, { stdin, stdout: true, stderr: true, tty, detachKeys, resizePath: `/exec/${id}/resize` });
  session.followSize();
  await session.done.catch(() => {});
  session.close();
  const inspect = await cli.client.json<ExecInspect>('GET', `/exec/${id}/json`);
  if (inspect.ExitCode) throw new StatusError(inspect.ExitCode);
}
