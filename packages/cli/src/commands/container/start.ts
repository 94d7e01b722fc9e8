import { readText, type ContainerInspect, type WaitResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { StatusError, describeError, type Cli } from '../../cli.js';
import { attachContainer } from '../shared/attach.js';
import { proxySignals } from '../shared/signal-proxy.js';

export const spec: CommandSpec = {
  usage: 'start [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Start one or more stopped containers',
  aliases: ['quai container start', 'quai start'],
  flags: [
    { name: 'attach', short: 'a', type: 'bool', description: 'Attach STDOUT/STDERR and forward signals' },
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'interactive', short: 'i', type: 'bool', description: "Attach container's STDIN" },
  ],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const attach = p.flags.attach === true || p.flags.interactive === true;
  if (attach) {
    if (p.args.length > 1) throw new StatusError(1, 'you cannot start and attach multiple containers at once');
    const ref = p.args[0];
    const c = await cli.client.json<ContainerInspect>('GET', `/containers/${encodeURIComponent(ref)}/json`);
    const session = await attachContainer(cli, c.Id, {
      stdin: p.flags.interactive === true && c.Config.OpenStdin === true,
      stdout: p.flags.attach === true,
      stderr: p.flags.attach === true,
      tty: c.Config.Tty === true,
      detachKeys: typeof p.flags['detach-keys'] === 'string' ? p.flags['detach-keys'] : undefined,
    });
    const cond = c.HostConfig?.AutoRemove ? 'removed' : 'next-exit';
    const waitRes = await cli.client.request('POST', `/containers/${c.Id}/wait`, { query: { condition: cond } });
    try {
      await cli.client.json('POST', `/containers/${c.Id}/start`);
    } catch (err) {
      session.close();
      waitRes.destroy();
      throw err;
    }
    session.followSize();
    const unproxy = c.Config.Tty !== true ? proxySignals(cli, c.Id) : () => {};
    const waited = readText(waitRes).then((t) => JSON.parse(t) as WaitResponse);
    waited.catch(() => {});
    await session.done;
    session.close();
    unproxy();
    if (session.detached) { waitRes.destroy(); return; }
    const status = await waited;
    if (status.StatusCode !== 0) throw new StatusError(status.StatusCode);
    return;
  }
  const failed: string[] = [];
  for (const ref of p.args) {
    try {
      await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/start`);
      cli.out(`${ref}\n`);
    } catch (err) {
      cli.err(`${describeError(err)}\n`);
      failed.push(ref);
    }
  }
  if (failed.length) throw new StatusError(1, `Error: failed to start containers: ${failed.join(', ')}`);
}
