// Crash safety (quai only): containers outlive a kill -9 of the daemon, and
// the restarted daemon (same data root) reconciles with what really happened.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAlive, sleep, waitFor } from '@quai/testkit';
import { isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

// E2E_DOCKER_LIVE_RESTORE=1 checks the cases themselves against dockerd --live-restore.
const liveRestore = isDocker && process.env.E2E_DOCKER_LIVE_RESTORE === '1';

describe('daemon crash', { skip: isDocker && !liveRestore && 'quai only (E2E_DOCKER_LIVE_RESTORE=1 runs it on dockerd --live-restore)' }, () => {
  const ctx = useDaemon({ args: liveRestore ? ['--live-restore'] : undefined });
  const inspect = (format, ref) => out(['inspect', '-f', format, ref]);

  test('a running container survives kill -9 of the daemon and can be stopped after restart', async (t) => {
    removeAfter(t, 'box');
    await ok(['run', '-d', '--name', 'box', 'busybox', 'sleep', '300']);
    const pid = Number(await inspect('{{.State.Pid}}', 'box'));
    assert.ok(pid > 0 && isAlive(pid), `State.Pid ${pid} is not a live host process`);

    await ctx.daemon.kill9();
    await sleep(500);
    assert.ok(isAlive(pid), 'the container process died with the daemon');

    await ctx.daemon.restart();
    assert.equal(await inspect('{{.State.Running}} {{.State.Pid}}', 'box'), `true ${pid}`);
    assert.ok(lines(await out(['ps', '--format', '{{.Names}}'])).includes('box'));
    await ok(['stop', '-t', '1', 'box']);
    assert.equal(await inspect('{{.State.Status}}', 'box'), 'exited');
    assert.ok(await waitFor(() => !isAlive(pid), 5000), 'the container process still runs after stop');
  });

  test('a container that exited while the daemon was down shows its exit code', async (t) => {
    const id = await out(['run', '-d', 'busybox', 'sh', '-c', 'sleep 2; exit 4']);
    removeAfter(t, id);
    await ctx.daemon.kill9();
    await sleep(3000);
    await ctx.daemon.restart();
    assert.equal(await inspect('{{.State.Status}} {{.State.ExitCode}}', id), 'exited 4');
  });
});

function lines(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}
