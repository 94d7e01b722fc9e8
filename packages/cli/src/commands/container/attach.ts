/**
 * `quai attach [--no-stdin] [--detach-keys K] CONTAINER`: the local
 * terminal joins a running container's stdio; ctrl-p ctrl-q lets go and the
 * container runs on. Exits with the container's code when it ends.
 */
import { readText, type ContainerInspect, type WaitResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, type Cli } from '../../cli.js';
import { attachContainer } from '../shared/attach.js';
import { proxySignals } from '../shared/signal-proxy.js';

export const spec: CommandSpec = {
  usage: 'attach [OPTIONS] CONTAINER',
  description: 'Attach local standard input, output, and error streams to a running container',
  aliases: ['quai container attach', 'quai attach'],
  flags: [
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'no-stdin', type: 'bool', description: 'Do not attach STDIN' },
    { name: 'sig-proxy', type: 'bool', default: true, description: 'Proxy all received signals to the process' },
  ],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const c = await cli.client.json<ContainerInspect>('GET', `/containers/${encodeURIComponent(p.args[0]!)}/json`);
  if (!c.State?.Running) throw new StatusError(1, 'You cannot attach to a stopped container, start it first');
  if (c.State?.Paused) throw new StatusError(1, 'You cannot attach to a paused container, unpause it first');
  const waitRes = await cli.client.request('POST', `/containers/${c.Id}/wait`, { query: { condition: 'next-exit' } });
  const waited = readText(waitRes).then((t) => JSON.parse(t) as WaitResponse);
  waited.catch(() => {});
  const session = await attachContainer(cli, c.Id, {
    stdin: p.flags['no-stdin'] !== true && c.Config.OpenStdin === true,
    stdout: true,
    stderr: true,
    tty: c.Config.Tty === true,
    detachKeys: typeof p.flags['detach-keys'] === 'string' ? p.flags['detach-keys'] : undefined,
  });
  session.followSize();
  const unproxy = c.Config.Tty !== true && p.flags['sig-proxy'] !== false ? proxySignals(cli, c.Id) : () => {};
  await session.done;
  session.close();
  unproxy();
  if (session.detached) {
    waitRes.destroy();
    cli.err('read escape sequence\n');
    return;
  }
  const status = await waited;
  if (status.StatusCode !== 0) throw new StatusError(status.StatusCode);
}
