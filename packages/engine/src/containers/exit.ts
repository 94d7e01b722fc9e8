/**
 * What happens when conmon reports an exit: record it and tell waiters at
 * once, then release the rootfs and the runtime's state (queued on the
 * container's lock, so a new start waits for it), and remove the container
 * when it was created with AutoRemove (`run --rm`).
 */
import { rm } from 'node:fs/promises';
import { exitFilePath, rootfsMountPath } from '../paths.js';
import { unmount } from '../host/mount.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import type { ExitInfo } from './exit-monitor.js';
import { removeContainer } from './remove.js';
import { restartsAfterExit, scheduleRestart } from './restart-policy.js';
import { stopHealth } from './health.js';
import { unwatchLogRotation } from './log-rotation.js';
import { releaseIsolation } from './isolation.js';
import { wasOomKilled } from './oom.js';

export async function applyExit(d: ContainerContext, id: string, exit: ExitInfo): Promise<void> {
  const c = d.store.find(id);
  if (!c) {
    await rm(exitFilePath(d.paths, id), { force: true });
    return;
  }
  const recorded = await d.locks.run(id, () => recordExit(d, c, exit));
  if (!recorded) return;
  d.exits.notifyExit(id, c.state.exitCode);
  if (c.hostConfig.AutoRemove) {
    await removeContainer(d, c.id, { force: true, volumes: true }).catch(() => {});
  } else {
    await d.locks.run(id, () => releaseRuntime(d, c)).catch(() => {});
    scheduleRestart(d, c);
  }
}

async function recordExit(d: ContainerContext, c: ContainerRecord, exit: ExitInfo): Promise<boolean> {
  if (!isRunning(c) && c.state.status !== 'created') return false;
  stopHealth(d, c.id);
  unwatchLogRotation(d.supervision.logWatchers, c.id);
  const oomKilled = await wasOomKilled(d, c);
  c.state = {
    ...c.state,
    status: 'exited',
    pid: 0,
    exitCode: Number.isFinite(exit.exitCode) ? exit.exitCode : 255,
    oomKilled,
    finishedAt: exit.finishedAt.toISOString(),
  };
  if (restartsAfterExit(c)) {
    c.state.status = 'restarting';
    c.restartCount += 1;
  }
  d.networks.closePorts(c.id); // the host ports are free once stop returns
  // The exit file goes last, once the exit is on disk: if we die before, the restart applies it again.
  if (await d.store.save(c)) await rm(exitFilePath(d.paths, c.id), { force: true });
  if (oomKilled) d.events.publish('container', 'oom', c.id, containerAttributes(c));
  d.events.publish('container', 'die', c.id, containerAttributes(c, { exitCode: String(c.state.exitCode) }));
  return true;
}

/**
 * Forget the runtime's container and unmount the rootfs (the upper dir
 * stays) and a shareable /dev/shm. The network, the runtime's state and the
 * mounts are independent: released side by side.
 */
export async function releaseRuntime(d: ContainerContext, c: ContainerRecord): Promise<void> {
  await Promise.all([
    d.networks.detach(c).catch(() => {}),
    d.runtime.delete(c.id).catch(() => {}),
    (async () => {
      await unmount(rootfsMountPath(d.paths, c.id)).catch(() => {});
      await releaseIsolation(d, c).catch(() => {});
    })(),
  ]);
}
