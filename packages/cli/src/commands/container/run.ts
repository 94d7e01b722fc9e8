/**
 * `quai run`: create → attach (before start, so no output is lost) → wait
 * registered → start → copy output → exit with the container's status.
 * With --rm the daemon removes the container (AutoRemove) and we wait for
 * condition=removed, as Docker's CLI does.
 */
import { readText, ApiError, type WaitResponse } from '@quai/client';
import type { CommandSpec, FlagSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';
import { CREATE_FLAGS } from './create-flags.js';
import { buildCreateRequest } from './create-options.js';
import { processIo } from './create.js';
import { createContainer } from '../shared/container-create.js';
import { attachContainer, type AttachSession } from '../shared/attach.js';
import { proxySignals } from '../shared/signal-proxy.js';

export const spec: CommandSpec = {
  usage: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create and run a new container from an image',
  aliases: ['quai container run', 'quai run'],
  flags: ([
    ...CREATE_FLAGS,
    { name: 'detach', short: 'd', type: 'bool', description: 'Run container in background and print container ID' },
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'sig-proxy', type: 'bool', default: true, description: 'Proxy received signals to the process' },
  ] as FlagSpec[]).sort((a, b) => (a.name < b.name ? -1 : 1)), // not localeCompare: ICU costs ~10 ms at startup
  interspersed: false,
  minArgs: 1,
};

/** Docker maps start failures to shell-like codes: 127 not found, 126 not executable. */
export function startFailureCode(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied|cannot execute/i.test(message)) return 126;
  return 125;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const detach = p.flags.detach === true;
  const req = buildCreateRequest(p, processIo(), { detach });
  const id = await createContainer(cli, req, { pull: p.flags.pull as string, quiet: p.flags.quiet === true });
  const client = cli.client;
  const path = `/containers/${id}`;
  if (detach) {
    await client.json('POST', `${path}/start`);
    cli.out(`${id}\n`);
    return;
  }
  const b = req.body as Record<string, unknown>;
  const autoRemove = req.body.HostConfig.AutoRemove === true;
  let session: AttachSession | undefined;
  if (b.AttachStdin || b.AttachStdout || b.AttachStderr) {
    session = await attachContainer(cli, id, {
      stdin: b.AttachStdin === true,
      stdout: b.AttachStdout === true,
      stderr: b.AttachStderr === true,
      tty: b.Tty === true,
      detachKeys: typeof p.flags['detach-keys'] === 'string' ? p.flags['detach-keys'] : undefined,
    });
  }
  // the wait is registered once its response headers arrive, before the start
  const waitRes = await client.request('POST', `${path}/wait`, { query: { condition: autoRemove ? 'removed' : 'next-exit' } });
  // Signals are forwarded from before the start, as Docker's ForwardAllSignals: the process may run
  // (and print) before the start's answer arrives, and a ^C then must reach it, not end the CLI.
  const unproxy = session && b.Tty !== true && p.flags['sig-proxy'] !== false ? proxySignals(cli, id) : () => {};
  try {
    await client.json('POST', `${path}/start`);
  } catch (err) {
    unproxy();
    session?.close();
    waitRes.destroy();
    const msg = err instanceof ApiError ? `Error response from daemon: ${err.message}` : (err as Error).message;
    throw new StatusError(startFailureCode(msg), `quai: ${msg}\n\nRun 'quai ${cli.command} --help' for more information`);
  }
  session?.followSize();
  const waited = readText(waitRes).then((t) => JSON.parse(t) as WaitResponse);
  waited.catch(() => {});
  await session?.done;
  session?.close();
  unproxy();
  // Detached (ctrl-p ctrl-q): the container runs on, there is no exit to wait for.
  if (session?.detached) { waitRes.destroy(); return; }
  const status = await waited;
  if (status.Error?.Message) cli.err(`quai: ${status.Error.Message}\n`);
  if (status.StatusCode !== 0) throw new StatusError(status.StatusCode);
}
